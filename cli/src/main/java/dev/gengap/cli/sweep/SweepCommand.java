package dev.gengap.cli.sweep;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.output.OutputOptions;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.spec.DryRun;
import dev.gengap.proto.v1.CreateSweepRequest;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.Sweep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gengap sweep FILE}: a grid file becomes one sweep of runs. */
@Command(
    name = "sweep",
    description = {
      "Queue a sweep: every combination of a grid file's axes over its base spec.",
      "The file (YAML or JSON) has a name, a base run spec and axes such as",
      "  data.corruption_probability: [0, 0.2, 0.4, 0.6, 0.8, 1.0]"
    })
public final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "FILE", description = "The grid file.")
  Path gridFile;

  @Option(
      names = "--dry-run",
      description =
          "Check the expanded specs as the trainer would and print them with every default"
              + " filled in, one JSON object per line (pipe into jq); queue nothing.")
  boolean dryRun;

  @Option(
      names = "--request-id",
      description = "Idempotency key; resending with it returns the same sweep (default: random).")
  String requestId;

  @Override
  public Integer call() throws InvalidProtocolBufferException {
    SweepGrid grid = SweepGrid.read(gridFile);
    List<RunSpec> specs = grid.expand();
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      for (int i = 0; i < specs.size(); i++) {
        OutputOptions.printLine(out, DryRun.resolve(specs.get(i), "specs[" + i + "].", gridFile));
      }
      // stderr: stdout stays pure JSON Lines for jq
      PrintWriter err = spec.commandLine().getErr();
      err.println(grid.name() + ": " + specs.size() + " runs (dry run: nothing queued)");
      err.flush();
      return ExitCode.OK;
    }
    CreateSweepRequest request =
        CreateSweepRequest.newBuilder()
            .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString())
            .setName(grid.name())
            .addAllSpecs(specs)
            .build();
    try (Connections connections = connection.connect()) {
      Sweep sweep = connections.trainer(connection.deadline()).createSweep(request);
      out.println(
          "sweep "
              + sweep.getSweepId()
              + " '"
              + sweep.getName()
              + "': "
              + sweep.getRunIdsCount()
              + " runs ("
              + sweep.getRunIdsList().stream().map(String::valueOf).collect(Collectors.joining(" "))
              + ")");
      return ExitCode.OK;
    }
  }
}
