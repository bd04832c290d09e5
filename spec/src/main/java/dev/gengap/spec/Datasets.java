package dev.gengap.spec;

import java.util.Map;

/** The data sets a {@code DataSpec.dataset} may name, and their training set sizes. */
public final class Datasets {
  public static final String CIFAR10 = "cifar10";

  private static final Map<String, Integer> TRAIN_SIZES = Map.of(CIFAR10, 50_000);

  private Datasets() {}

  /** Whether {@code name} is a data set gengap serves. */
  public static boolean known(String name) {
    return TRAIN_SIZES.containsKey(name);
  }

  /** The training set's size: the upper bound of {@code train_subset}. */
  public static int trainSize(String name) {
    Integer size = TRAIN_SIZES.get(name);
    if (size == null) {
      throw new IllegalArgumentException("dataset: unknown data set \"" + name + "\"");
    }
    return size;
  }
}
