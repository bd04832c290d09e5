package dev.gengap.cli.run;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.output.OutputOptions;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.rpc.TrainerClient;
import dev.gengap.cli.spec.DryRun;
import dev.gengap.cli.spec.SpecFiles;
import dev.gengap.cli.spec.SpecFlags;
import dev.gengap.cli.watch.WatchCommand;
import dev.gengap.cli.watch.WatchOptions;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.SubmitRunRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gengap submit}: queue one run from flags, a spec file, or both (flags win). */
@Command(
    name = "submit",
    sortOptions = false,
    description = {
      "Queue one run and print its id.",
      "The spec comes from --spec FILE (YAML or JSON with the proto's field names), from flags,",
      "or both: flags override the file."
    })
public final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = "--spec", paramLabel = "FILE", description = "Run spec file (YAML or JSON).")
  Path specFile;

  @Mixin SpecFlags flags;

  @Option(
      names = "--request-id",
      description = "Idempotency key; resubmitting with it returns the same run (default: random).")
  String requestId;

  @Option(
      names = "--dry-run",
      description =
          "Check the spec as the trainer would and print it with every default filled in, as one"
              + " line of JSON; submit nothing.")
  boolean dryRun;

  @Option(names = "--watch", description = "Follow the run until it ends, as `gengap watch`.")
  boolean watch;

  @ArgGroup(exclusive = false, heading = "Watching (with --watch):%n")
  WatchOptions watchOptions = new WatchOptions();

  @Override
  public Integer call() throws InvalidProtocolBufferException {
    RunSpec base =
        specFile == null ? RunSpec.getDefaultInstance() : SpecFiles.readRunSpec(specFile);
    RunSpec runSpec = flags.applyTo(base);
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      OutputOptions.printLine(out, DryRun.resolve(runSpec, "", specFile));
      return ExitCode.OK;
    }
    requireChoice(runSpec);
    SubmitRunRequest request =
        SubmitRunRequest.newBuilder()
            .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString())
            .setSpec(runSpec)
            .build();
    try (Connections connections = connection.connect()) {
      TrainerClient trainer = connections.trainer(connection.deadline());
      Run run = trainer.submitRun(request);
      out.println(run.getRunId());
      out.flush();
      return watch ? WatchCommand.follow(trainer, out, run.getRunId(), watchOptions) : ExitCode.OK;
    }
  }

  /** The two fields without a default; saying so here names the flag as well as the field. */
  private void requireChoice(RunSpec runSpec) {
    if (runSpec.getModel().getKind() == ModelKind.MODEL_KIND_UNSPECIFIED) {
      throw missing("--model", "model.kind");
    }
    if (runSpec.getData().getCorruption() == CorruptionKind.CORRUPTION_KIND_UNSPECIFIED) {
      throw missing("--corruption", "data.corruption");
    }
  }

  private CliException missing(String flag, String field) {
    String alternative = specFile == null ? "" : " (or " + field + " in " + specFile + ")";
    return new CliException(ExitCode.USAGE, flag + " is required" + alternative);
  }
}
