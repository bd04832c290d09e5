package dev.gengap.cli.run;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.output.OutputOptions;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.rpc.TrainerClient;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ListRunsRequest;
import dev.gengap.proto.v1.ListRunsResponse;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gengap runs}: list runs, newest first, following every page (or up to --limit). */
@Command(
    name = "runs",
    description = "List the runs, newest first, with their status and latest epoch.")
public final class RunsCommand implements Callable<Integer> {
  /** ListRunsRequest's largest page. */
  private static final int MAX_PAGE = 1000;

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Option(
      names = "--status",
      split = ",",
      paramLabel = "STATUS",
      description = "Only these: QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED (comma-separated).")
  List<RunStatus> statuses = List.of();

  @Option(names = "--sweep", paramLabel = "SWEEP_ID", description = "Only the runs of this sweep.")
  long sweepId;

  @Option(names = "--model", paramLabel = "KIND", description = "Only this model.")
  ModelKind model;

  @Option(names = "--corruption", paramLabel = "KIND", description = "Only this corruption.")
  CorruptionKind corruption;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Show at most N runs; 0 (default) = all.")
  int limit;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new CliException(ExitCode.USAGE, "--limit: must be 0 or more, was " + limit);
    }
    ListRunsRequest.Builder request =
        ListRunsRequest.newBuilder()
            .addAllStatuses(statuses)
            .setSweepId(sweepId)
            .setPageSize(limit > 0 ? Math.min(limit, MAX_PAGE) : MAX_PAGE);
    if (model != null) {
      request.setModel(model);
    }
    if (corruption != null) {
      request.setCorruption(corruption);
    }
    List<Run> runs = new ArrayList<>();
    try (Connections connections = connection.connect()) {
      TrainerClient trainer = connections.trainer(connection.deadline());
      do {
        ListRunsResponse page = trainer.listRuns(request.build());
        runs.addAll(page.getRunsList());
        request.setPageToken(page.getNextPageToken());
      } while (!request.getPageToken().isEmpty() && (limit == 0 || runs.size() < limit));
    }
    List<Run> shown = limit > 0 && runs.size() > limit ? runs.subList(0, limit) : runs;
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      shown.forEach(run -> OutputOptions.printLine(out, run));
    } else {
      out.print(RunsTable.render(shown));
    }
    return ExitCode.OK;
  }
}
