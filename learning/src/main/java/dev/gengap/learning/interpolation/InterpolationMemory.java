package dev.gengap.learning.interpolation;

import dev.gengap.proto.v1.RunSpec;
import dev.gengap.spec.Datasets;
import dev.gengap.spec.ModelRules;
import java.util.Locale;

/**
 * The memory check of an interpolating run, before any work: at submission (the trainer knows its
 * limit) and again by the worker that claims it (whose limit may be smaller).
 */
public final class InterpolationMemory {
  private InterpolationMemory() {}

  /**
   * Bytes a fit of the resolved spec's model needs, in float64: the Gaussian kernel's two n × n
   * matrices and the examples ({@link KernelInterpolation#requiredBytes}); the linear model's
   * examples, n × n Gram matrix and three d × 10 weight matrices; Theorem 1's examples and its O(n
   * + d) weights.
   */
  public static long requiredBytes(RunSpec resolved) {
    String dataset = resolved.getData().getDataset();
    long n =
        resolved.getData().getTrainSubset() == 0
            ? Datasets.trainSize(dataset)
            : Integer.toUnsignedLong(resolved.getData().getTrainSubset());
    long d = Datasets.of(dataset).rawValues();
    long classes = ModelRules.CLASSES;
    return switch (resolved.getModel().getKind()) {
      case MODEL_KIND_KERNEL_RBF -> KernelInterpolation.requiredBytes(n, d, classes);
      case MODEL_KIND_LINEAR_LEAST_SQUARES -> Double.BYTES * (n * d + n * n + 3 * d * classes);
      case MODEL_KIND_THEOREM1_RELU -> Double.BYTES * (n * d + 4 * n + d);
      case MODEL_KIND_MLP_1X512,
          MODEL_KIND_MLP_3X512,
          MODEL_KIND_INCEPTION_SMALL,
          MODEL_KIND_ALEXNET_SMALL,
          MODEL_KIND_UNSPECIFIED,
          UNRECOGNIZED ->
          throw new IllegalArgumentException(
              "model.kind: " + resolved.getModel().getKind() + " is not an interpolating model");
    };
  }

  /**
   * Fails when the fit cannot fit into {@code availableBytes}.
   *
   * @throws InsufficientMemoryException saying how much the fit needs and how much there is
   */
  public static void check(RunSpec resolved, long availableBytes) {
    long needed = requiredBytes(resolved);
    if (needed > availableBytes) {
      throw new InsufficientMemoryException(
          String.format(
              Locale.ROOT,
              "%s on %s needs %s of memory; this trainer may use %s (--interpolation-memory-mb)",
              ModelRules.of(resolved.getModel().getKind()).shortName(),
              resolved.getData().getTrainSubset() == 0
                  ? "the whole training set"
                  : Integer.toUnsignedString(resolved.getData().getTrainSubset()) + " examples",
              KernelInterpolation.size(needed),
              KernelInterpolation.size(availableBytes)));
    }
  }
}
