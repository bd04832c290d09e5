package dev.gengap.evaluator.report;

import dev.gengap.store.EpochMetrics.TestMeasurement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The data behind the paper's Figure 1: (a) training loss over steps per run (with the run's
 * learning curves), (b) steps to fit against corruption level, (c) test error against corruption
 * level. Every point carries its run's {@link RunFacts}, whose {@code series} groups the points
 * into one curve per model (and per any other axis the selected runs vary).
 *
 * @param interpolationThreshold the clean training accuracy a run needs to count as fitted in (c)
 */
public record FigureSeries(
    List<LossCurve> lossCurves,
    List<FitTime> fitTimes,
    List<TestError> testErrors,
    double interpolationThreshold) {

  public FigureSeries {
    lossCurves = List.copyOf(lossCurves);
    fitTimes = List.copyOf(fitTimes);
    testErrors = List.copyOf(testErrors);
  }

  /** Figure 1a: the training loss of one run after each epoch, at cumulative SGD steps. */
  public record LossCurve(long runId, RunFacts run, List<LossPoint> points) {
    public LossCurve {
      points = List.copyOf(points);
    }
  }

  /**
   * One epoch of a learning curve.
   *
   * @param trainAccuracy the epoch's running training accuracy (train mode, labels as trained)
   * @param test the clean test measurement after the epoch, when the recipe asked for one
   * @param relativeDistance the linear run kind's ‖W_SGD − W_min‖ / ‖W_min‖ after the epoch
   */
  public record LossPoint(
      long step,
      int epoch,
      double trainLoss,
      double trainAccuracy,
      Optional<TestMeasurement> test,
      OptionalDouble relativeDistance) {}

  /**
   * Figure 1b: SGD steps until a run fitted its training data; 0 = the threshold was not met, and
   * the run is censored at {@code totalSteps}.
   *
   * @param relativeTimeTo99 steps to 99 % (or {@code totalSteps} when censored) over those of the
   *     same series' p = 0 run; empty when that run is missing or never reached 99 %
   */
  public record FitTime(
      long runId,
      RunFacts run,
      long stepsTo99TrainAccuracy,
      long stepsToTrainLoss01,
      long totalSteps,
      OptionalDouble relativeTimeTo99) {}

  /**
   * Figure 1c: 1 − clean test accuracy of an evaluated run.
   *
   * @param trainAccuracy clean training accuracy of the evaluation
   * @param interpolated {@code trainAccuracy} reached the interpolation threshold
   */
  public record TestError(
      long runId, RunFacts run, double testError, double trainAccuracy, boolean interpolated) {}
}
