package dev.gengap.dataset.corruption;

/** The corruptions of Zhang et al. (2017), §2 and DESIGN.md §1. */
public enum CorruptionKind {
  TRUE_LABELS,
  PARTIAL_LABELS,
  RANDOM_LABELS,
  SHUFFLED_PIXELS,
  RANDOM_PIXELS,
  GAUSSIAN;

  /** Whether the corruption changes labels (and so {@code corrupt_test_labels} matters). */
  public boolean corruptsLabels() {
    return switch (this) {
      case PARTIAL_LABELS, RANDOM_LABELS -> true;
      case TRUE_LABELS, SHUFFLED_PIXELS, RANDOM_PIXELS, GAUSSIAN -> false;
    };
  }
}
