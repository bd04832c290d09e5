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
   * Bytes a fit of the resolved spec's model needs: the Gaussian kernel's two n × n float64
   * matrices (see {@link KernelInterpolation#requiredBytes}); the other kinds the examples and
   * their n × n Gram matrix at most.
   */
  public static long requiredBytes(RunSpec resolved) {
    String dataset = resolved.getData().getDataset();
    long n =
        resolved.getData().getTrainSubset() == 0
            ? Datasets.trainSize(dataset)
            : Integer.toUnsignedLong(resolved.getData().getTrainSubset());
    long d = Datasets.rawDimension(dataset);
    if (ModelRules.of(resolved.getModel().getKind()).takesKernelWidth()) {
      return KernelInterpolation.requiredBytes(n, d, ModelRules.CLASSES);
    }
    return Double.BYTES * (n * d + n * n + 3 * d * ModelRules.CLASSES);
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
