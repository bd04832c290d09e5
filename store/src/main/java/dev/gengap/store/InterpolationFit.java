package dev.gengap.store;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One row of {@code interpolation_fits}: what fitting an interpolating model (Sections 4 and 5)
 * measured. Figures that do not apply to the run's kind are empty.
 *
 * @param examples n, the training examples fitted
 * @param dimension d, values per raw image
 * @param solver how the model was fitted: {@code cholesky}, {@code lu}, {@code sgd} or {@code
 *     forward_substitution}
 * @param fitSeconds wall-clock seconds of the fit (the kernel's: the solve alone)
 * @param trainAccuracy the fitted model's accuracy on its training data, measured, 0..1
 * @param rkhsNorm the kernel solution's √tr(αᵀKα)
 * @param conditionEstimate the kernel's λmax / λmin estimate
 * @param weightCount Theorem 1's weight count (2n + d)
 * @param largestWeight Theorem 1's largest |weight|
 * @param minimumNorm the linear model's ‖W_min‖_F
 * @param minimumNormTrainAccuracy W_min's training accuracy, once the evaluator measured it
 * @param minimumNormTestAccuracy W_min's test accuracy, once the evaluator measured it
 */
public record InterpolationFit(
    int examples,
    int dimension,
    String solver,
    double fitSeconds,
    double trainAccuracy,
    OptionalDouble rkhsNorm,
    OptionalDouble conditionEstimate,
    OptionalLong weightCount,
    OptionalDouble largestWeight,
    OptionalDouble minimumNorm,
    OptionalDouble minimumNormTrainAccuracy,
    OptionalDouble minimumNormTestAccuracy) {

  /** Gaussian-kernel interpolation. */
  public static InterpolationFit kernel(
      int n,
      int d,
      String solver,
      double seconds,
      double trainAccuracy,
      double rkhsNorm,
      double conditionEstimate) {
    return new InterpolationFit(
        n,
        d,
        solver,
        seconds,
        trainAccuracy,
        OptionalDouble.of(rkhsNorm),
        OptionalDouble.of(conditionEstimate),
        OptionalLong.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }

  /** The linear model trained by SGD, beside its minimum-norm interpolant. */
  public static InterpolationFit linear(
      int n, int d, double seconds, double trainAccuracy, double minimumNorm) {
    return new InterpolationFit(
        n,
        d,
        "sgd",
        seconds,
        trainAccuracy,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalLong.empty(),
        OptionalDouble.empty(),
        OptionalDouble.of(minimumNorm),
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }

  /** Theorem 1's network. */
  public static InterpolationFit theorem1(
      int n, int d, double seconds, double trainAccuracy, long weightCount, double largestWeight) {
    return new InterpolationFit(
        n,
        d,
        "forward_substitution",
        seconds,
        trainAccuracy,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalLong.of(weightCount),
        OptionalDouble.of(largestWeight),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }
}
