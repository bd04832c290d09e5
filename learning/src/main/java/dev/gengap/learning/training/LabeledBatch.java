package dev.gengap.learning.training;

/**
 * One mini-batch as whole arrays: {@code size} preprocessed images, NCHW float32 (N × C × 28 × 28,
 * C = 3 for CIFAR-10 and 1 for MNIST-format data sets), their labels 0..9, and, when the batch came
 * from the dataset-service, each example's index in its split ({@code indices} is empty otherwise),
 * which lets a {@link DeviceSplit} keep the split.
 */
public record LabeledBatch(float[] pixels, int[] labels, int size, int[] indices) {

  /** Values in one preprocessed CIFAR-10 image. */
  public static final int IMAGE_VALUES = 3 * 28 * 28;

  /** Values in one channel of a preprocessed image. */
  private static final int PLANE_VALUES = 28 * 28;

  private static final int[] NO_INDICES = new int[0];

  public LabeledBatch {
    if (size <= 0) {
      throw new IllegalArgumentException("size: must be > 0, was " + size);
    }
    if (pixels.length != size * IMAGE_VALUES && pixels.length != size * PLANE_VALUES) {
      throw new IllegalArgumentException(
          "pixels: must hold size × C × 28 × 28 = "
              + size * IMAGE_VALUES
              + " (C = 3) or "
              + size * PLANE_VALUES
              + " (C = 1) values, had "
              + pixels.length);
    }
    if (labels.length != size) {
      throw new IllegalArgumentException(
          "labels: must hold size = " + size + " labels, had " + labels.length);
    }
    if (indices.length != 0 && indices.length != size) {
      throw new IllegalArgumentException(
          "indices: must be empty or hold size = " + size + " indices, had " + indices.length);
    }
  }

  /** Channels C of each image: 3 (CIFAR-10) or 1 (MNIST-format). */
  public int channels() {
    return pixels.length / (size * PLANE_VALUES);
  }

  /** A batch without split indices. */
  public LabeledBatch(float[] pixels, int[] labels, int size) {
    this(pixels, labels, size, NO_INDICES);
  }
}
