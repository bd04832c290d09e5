package dev.gengap.dataset.corruption;

import dev.gengap.plumbing.InvalidArgumentException;
import dev.gengap.spec.Datasets;

/**
 * Which data a run sees: a corruption of one data set drawn from {@code seed}. Field names in
 * errors follow the proto ({@code data.*}).
 *
 * @param dataset a name {@link Datasets} knows, e.g. "cifar10" or "fashion-mnist"
 * @param seed every random draw about the data derives from it; any value
 * @param probability p of PARTIAL_LABELS in [0, 1]; 0 for other kinds (RANDOM_LABELS may say 1)
 * @param trainSubset first N training examples; 0 = all
 */
public record DataSpec(
    String dataset,
    long seed,
    CorruptionKind corruption,
    double probability,
    TestLabels testLabels,
    int trainSubset) {
  public DataSpec {
    if (dataset == null || !Datasets.known(dataset)) {
      throw new InvalidArgumentException(
          "data.dataset",
          "unknown data set \""
              + dataset
              + "\"; known: "
              + Datasets.names()
              + " (empty = cifar10)");
    }
    if (corruption == null) {
      throw new InvalidArgumentException("data.corruption", "required");
    }
    if (testLabels == null) {
      throw new InvalidArgumentException("data.corrupt_test_labels", "required");
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw new InvalidArgumentException(
          "data.corruption_probability", "must be in [0, 1], was " + probability);
    }
    boolean probabilityAllowed =
        switch (corruption) {
          case PARTIAL_LABELS -> true;
          case RANDOM_LABELS -> probability == 0 || probability == 1;
          case TRUE_LABELS, SHUFFLED_PIXELS, RANDOM_PIXELS, GAUSSIAN -> probability == 0;
        };
    if (!probabilityAllowed) {
      throw new InvalidArgumentException(
          "data.corruption_probability",
          "must be 0 for "
              + corruption
              + " (1 also allowed for RANDOM_LABELS), was "
              + probability);
    }
    if (trainSubset < 0) {
      throw new InvalidArgumentException(
          "data.train_subset", "must be ≥ 0 (0 = all), was " + trainSubset);
    }
  }

  /** A clean data set with the given seed. */
  public static DataSpec trueLabels(String dataset, long seed) {
    return new DataSpec(dataset, seed, CorruptionKind.TRUE_LABELS, 0, TestLabels.TRUE, 0);
  }

  /**
   * The spec that decides the content: RANDOM_LABELS as p = 1, and {@code corrupt_test_labels}
   * dropped where no labels are corrupted. Equal canonical specs give identical data.
   */
  public DataSpec canonical() {
    double p = corruption == CorruptionKind.RANDOM_LABELS ? 1 : probability;
    TestLabels test = corruption.corruptsLabels() ? testLabels : TestLabels.TRUE;
    return new DataSpec(dataset, seed, corruption, p, test, trainSubset);
  }

  /** The label-flip probability this spec applies. */
  double labelProbability() {
    return switch (corruption) {
      case PARTIAL_LABELS -> probability;
      case RANDOM_LABELS -> 1;
      case TRUE_LABELS, SHUFFLED_PIXELS, RANDOM_PIXELS, GAUSSIAN -> 0;
    };
  }
}
