package dev.gengap.cli.run;

import dev.gengap.cli.CliException;
import dev.gengap.cli.Display;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.output.OutputOptions;
import dev.gengap.cli.report.EvaluationText;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.spec.ProtoEnumNames;
import dev.gengap.proto.v1.Evaluation;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.Tf32Use;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gengap status RUN}: one run in full, as the alerts' text tells users to look at it: its
 * spec, how far it trained, its evaluation, and why it failed.
 */
@Command(
    name = "status",
    description = "Show one run in full: its spec, epochs, evaluation and error, if any.")
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "RUN", description = "The run id.")
  long runId;

  @Override
  public Integer call() {
    if (runId <= 0) {
      throw new CliException(ExitCode.USAGE, "RUN: must be a run id > 0, was " + runId);
    }
    Run run;
    Optional<Evaluation> evaluation;
    try (Connections connections = connection.connect()) {
      run = connections.trainer(connection.deadline()).getRun(runId);
      evaluation =
          run.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED
              ? connections.evaluator(connection.deadline()).findEvaluation(runId)
              : Optional.empty();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      // one object: the run and its evaluation (null until there is one)
      out.println(
          "{\"run\":"
              + OutputOptions.json(run)
              + ",\"evaluation\":"
              + evaluation.map(OutputOptions::json).orElse("null")
              + "}");
    } else {
      out.print(text(run, evaluation));
    }
    return ExitCode.OK;
  }

  static String text(Run run, Optional<Evaluation> evaluation) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "run %d  %s  %s%n",
            run.getRunId(),
            ProtoEnumNames.shortName(run.getStatus()),
            run.getDisplayName()));
    if (run.getSweepId() != 0) {
      text.append("  sweep      ").append(run.getSweepId()).append('\n');
    }
    if (!run.getWorker().isEmpty()) {
      text.append(
          String.format(
              Locale.ROOT,
              "  trainer    %s (%s, %s)%n",
              run.getWorker(),
              ProtoEnumNames.shortName(run.getEngine()),
              // Said only when on: full float32 is the paper's arithmetic and the default.
              run.getDevice() + (run.getTf32() == Tf32Use.TF32_USE_ON ? ", TF32" : "")));
    }
    int maxEpochs = run.getSpec().getRecipe().getMaxEpochs();
    text.append(
        String.format(
            Locale.ROOT,
            "  epochs     %d%s, checkpoint of epoch %d%n",
            run.getEpochsCompleted(),
            maxEpochs > 0 ? " of at most " + maxEpochs : "",
            run.getCheckpointEpoch()));
    if (run.hasLatest()) {
      text.append(
          String.format(
              Locale.ROOT,
              "  latest     epoch %d: train loss %.4f, train accuracy %s%%, %.0f samples/s%n",
              run.getLatest().getEpoch(),
              run.getLatest().getTrainLoss(),
              Display.percent(run.getLatest().getTrainAccuracy()),
              run.getLatest().getSamplesPerSecond()));
    }
    if (run.getStepsTo99TrainAccuracy() > 0) {
      text.append("  fitted     99% train accuracy after ")
          .append(run.getStepsTo99TrainAccuracy())
          .append(" steps\n");
    }
    if (!run.getError().isEmpty()) {
      text.append("  error      ").append(run.getError()).append('\n');
    }
    text.append("  spec       ").append(OutputOptions.json(run.getSpec())).append('\n');
    if (evaluation.isPresent()) {
      text.append(EvaluationText.render(evaluation.get()));
    } else if (run.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED) {
      text.append("  not evaluated yet (gengap eval ").append(run.getRunId()).append(")\n");
    }
    return text.toString();
  }
}
