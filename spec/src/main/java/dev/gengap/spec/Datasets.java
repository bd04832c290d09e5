package dev.gengap.spec;

import java.util.Map;
import java.util.Set;

/**
 * The data sets a {@code DataSpec.dataset} may name: their training set sizes, the dimension of
 * their raw pixels, and the Gaussian kernel width the kernel model takes by default on them.
 */
public final class Datasets {
  public static final String CIFAR10 = "cifar10";

  private static final Map<String, Integer> TRAIN_SIZES = Map.of(CIFAR10, 50_000);

  // Raw pixels, no crop: 3 × 32 × 32.
  private static final Map<String, Integer> RAW_DIMENSIONS = Map.of(CIFAR10, 3 * 32 * 32);

  /*
   * model.gamma's default: 1 / (mean squared distance between two training images, pixels in
   * [0, 1]), so that a typical pair has k ≈ e⁻¹. Measured over 2,000 random pairs of training
   * images (docs/section5.md): 1/377.6 = 0.00265 for CIFAR-10 (0.00737 for Fashion-MNIST).
   */
  private static final Map<String, Double> DEFAULT_GAMMAS = Map.of(CIFAR10, 0.00265);

  private Datasets() {}

  /** Whether {@code name} is a data set gengap serves. */
  public static boolean known(String name) {
    return TRAIN_SIZES.containsKey(name);
  }

  /** Every data set gengap serves. */
  public static Set<String> names() {
    return TRAIN_SIZES.keySet();
  }

  /** The training set's size: the upper bound of {@code train_subset}. */
  public static int trainSize(String name) {
    return lookUp(TRAIN_SIZES, name);
  }

  /** Values per image in the raw-pixel encoding (ENCODING_FLOAT32_UNIT): d of Section 5. */
  public static int rawDimension(String name) {
    return lookUp(RAW_DIMENSIONS, name);
  }

  /** The Gaussian kernel's γ when {@code model.gamma} is unset. */
  public static double defaultGamma(String name) {
    return lookUp(DEFAULT_GAMMAS, name);
  }

  private static <T> T lookUp(Map<String, T> table, String name) {
    T value = table.get(name);
    if (value == null) {
      throw new IllegalArgumentException("dataset: unknown data set \"" + name + "\"");
    }
    return value;
  }
}
