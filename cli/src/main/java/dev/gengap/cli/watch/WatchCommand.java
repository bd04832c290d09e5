package dev.gengap.cli.watch;

import dev.gengap.cli.ExitCode;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.rpc.TrainerClient;
import dev.gengap.proto.v1.Run;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gengap watch RUN}: live progress until the run ends. */
@Command(
    name = "watch",
    description = {
      "Follow a run until it ends: epoch, loss, training accuracy, samples/s and ETA.",
      "Exits 0 when it SUCCEEDED, 1 when it FAILED or was CANCELLED."
    })
public final class WatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin WatchOptions options;

  @Parameters(paramLabel = "RUN", description = "The run id.")
  long runId;

  @Override
  public Integer call() {
    try (Connections connections = connection.connect()) {
      return follow(
          connections.trainer(connection.deadline()), spec.commandLine().getOut(), runId, options);
    }
  }

  /** Shared with {@code submit --watch}: follows the run and returns the command's exit code. */
  public static int follow(
      TrainerClient trainer, PrintWriter out, long runId, WatchOptions options) {
    Run run = new RunWatcher(trainer, out, options.output()).watch(runId, options.timeout());
    return switch (run.getStatus()) {
      case RUN_STATUS_SUCCEEDED -> ExitCode.OK;
      case RUN_STATUS_FAILED, RUN_STATUS_CANCELLED -> ExitCode.RUN_NOT_SUCCEEDED;
      case RUN_STATUS_UNSPECIFIED, RUN_STATUS_QUEUED, RUN_STATUS_RUNNING, UNRECOGNIZED ->
          ExitCode.STILL_RUNNING;
    };
  }
}
