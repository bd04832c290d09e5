package dev.gengap.cli.report;

import dev.gengap.cli.ExitCode;
import dev.gengap.cli.output.OutputOptions;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.proto.v1.Evaluation;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gengap eval RUN}: the run's clean train/test measurement and its gap. */
@Command(
    name = "eval",
    description = {
      "Evaluate a SUCCEEDED run, or show its evaluation: train/test accuracy and the gap.",
      "Clean accuracy and loss in eval mode, on the training split as trained and on the test",
      "split."
    })
public final class EvalCommand implements Callable<Integer> {
  /** Measuring 60,000 images on a CPU takes minutes, not the usual seconds. */
  private static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "RUN", description = "The run id.")
  long runId;

  @Override
  public Integer call() {
    try (Connections connections = connection.connect()) {
      Evaluation evaluation =
          connections.evaluator(connection.deadlineOr(DEFAULT_DEADLINE)).evaluateRun(runId);
      if (output.json()) {
        OutputOptions.printLine(spec.commandLine().getOut(), evaluation);
      } else {
        spec.commandLine().getOut().print(EvaluationText.render(evaluation));
      }
      return ExitCode.OK;
    }
  }
}
