package dev.gengap.cli.run;

import dev.gengap.cli.ExitCode;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.rpc.TrainerClient;
import dev.gengap.cli.spec.ProtoEnumNames;
import dev.gengap.proto.v1.Run;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gengap cancel RUN...}: stop queued or running runs. */
@Command(
    name = "cancel",
    description = "Cancel queued or running runs (a running one stops within one batch).")
public final class CancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "Run ids.")
  List<Long> runIds;

  @Override
  public Integer call() {
    try (Connections connections = connection.connect()) {
      TrainerClient trainer = connections.trainer(connection.deadline());
      for (long runId : runIds) {
        Run run = trainer.cancelRun(runId);
        spec.commandLine()
            .getOut()
            .println("run " + run.getRunId() + " " + ProtoEnumNames.shortName(run.getStatus()));
      }
      return ExitCode.OK;
    }
  }
}
