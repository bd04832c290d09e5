package dev.gengap.evaluator.report;

import dev.gengap.proto.v1.CorruptionKind;
import java.util.List;

/**
 * The data behind the paper's Figure 1: (a) training loss over steps per run, (b) steps to fit
 * against corruption level, (c) test error against corruption level.
 */
public record FigureSeries(
    List<LossCurve> lossCurves, List<FitTime> fitTimes, List<TestError> testErrors) {

  public FigureSeries {
    lossCurves = List.copyOf(lossCurves);
    fitTimes = List.copyOf(fitTimes);
    testErrors = List.copyOf(testErrors);
  }

  /** Figure 1a: the training loss of one run after each epoch, at cumulative SGD steps. */
  public record LossCurve(
      long runId, CorruptionKind corruption, double corruptionProbability, List<LossPoint> points) {
    public LossCurve {
      points = List.copyOf(points);
    }
  }

  public record LossPoint(long step, int epoch, double trainLoss) {}

  /** Figure 1b: SGD steps until a run fitted its training data; 0 = the threshold was not met. */
  public record FitTime(
      long runId,
      CorruptionKind corruption,
      double corruptionProbability,
      long stepsTo99TrainAccuracy,
      long stepsToTrainLoss01) {}

  /** Figure 1c: 1 − clean test accuracy of an evaluated run. */
  public record TestError(
      long runId, CorruptionKind corruption, double corruptionProbability, double testError) {}
}
