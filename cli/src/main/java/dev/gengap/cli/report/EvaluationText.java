package dev.gengap.cli.report;

import dev.gengap.cli.Display;
import dev.gengap.proto.v1.Evaluation;
import java.util.Locale;

/** An evaluation as a few aligned lines: train, test, and the gap between them. */
public final class EvaluationText {
  private EvaluationText() {}

  public static String render(Evaluation evaluation) {
    return String.format(
        Locale.ROOT,
        "run %d, checkpoint of epoch %d (evaluated in %.1f s)%n"
            + "         accuracy      loss  examples%n"
            + "  train  %7s%%  %8.4f  %8d%n"
            + "  test   %7s%%  %8.4f  %8d%n"
            + "  gap    %7s pp %8.4f%n",
        evaluation.getRunId(),
        evaluation.getCheckpointEpoch(),
        evaluation.getSeconds(),
        Display.percent(evaluation.getTrainAccuracy()),
        evaluation.getTrainLoss(),
        evaluation.getTrainExamples(),
        Display.percent(evaluation.getTestAccuracy()),
        evaluation.getTestLoss(),
        evaluation.getTestExamples(),
        Display.percent(evaluation.getAccuracyGap()),
        evaluation.getLossGap());
  }
}
