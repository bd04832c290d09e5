package dev.gengap.dataset.corruption;

/**
 * What a random draw is for. The ids are part of the data's definition: changing one changes every
 * data set drawn with it, so they are fixed numbers, not ordinals.
 */
public enum Purpose {
  TRAIN_LABELS(1),
  TEST_LABELS(2),
  SHUFFLED_PIXELS(3),
  TRAIN_RANDOM_PIXELS(4),
  TEST_RANDOM_PIXELS(5),
  TRAIN_GAUSSIAN(6),
  TEST_GAUSSIAN(7),
  EPOCH_ORDER(8),
  CROP(9);

  private final long id;

  Purpose(long id) {
    this.id = id;
  }

  long id() {
    return id;
  }
}
