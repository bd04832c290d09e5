package dev.gengap.learning.training;

/**
 * One mini-batch as whole arrays: {@code size} preprocessed images, NCHW float32 (N × 3 × 28 × 28),
 * and their labels 0..9.
 */
public record LabeledBatch(float[] pixels, int[] labels, int size) {

  /** Values in one preprocessed image. */
  public static final int IMAGE_VALUES = 3 * 28 * 28;

  public LabeledBatch {
    if (size <= 0) {
      throw new IllegalArgumentException("size: must be > 0, was " + size);
    }
    if (pixels.length != size * IMAGE_VALUES) {
      throw new IllegalArgumentException(
          "pixels: must hold size × 3 × 28 × 28 = "
              + size * IMAGE_VALUES
              + " values, had "
              + pixels.length);
    }
    if (labels.length != size) {
      throw new IllegalArgumentException(
          "labels: must hold size = " + size + " labels, had " + labels.length);
    }
  }
}
