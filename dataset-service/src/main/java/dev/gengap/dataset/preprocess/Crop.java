package dev.gengap.dataset.preprocess;

import dev.gengap.dataset.corruption.Draws;
import dev.gengap.dataset.corruption.Purpose;
import dev.gengap.dataset.source.ImageShape;
import dev.gengap.spec.Datasets;
import java.util.SplittableRandom;

/**
 * A 28×28 window of an image, by its top-left corner: one of the 5 × 5 windows of a 32×32 CIFAR-10
 * image, or the whole of a 28×28 MNIST-format image.
 *
 * @param top first row, 0..side − 28
 * @param left first column, 0..side − 28
 */
public record Crop(int top, int left) {
  public static final int SIDE = Datasets.CROP_SIDE;

  /** Largest corner offset of any data set: 32 − 28. */
  static final int MAX_OFFSET = 4;

  public Crop {
    if (top < 0 || top > MAX_OFFSET || left < 0 || left > MAX_OFFSET) {
      throw new IllegalArgumentException("crop corner out of range: " + top + "," + left);
    }
  }

  /**
   * The center window of an image of {@code shape}: (2, 2) on 32×32 (rows and columns 2..29, the
   * paper's center crop), (0, 0) on 28×28.
   */
  public static Crop center(ImageShape shape) {
    int offset = maxOffset(shape) / 2;
    return new Crop(offset, offset);
  }

  /**
   * The augmentation crop of one example in one epoch, uniform over the 5 × 5 corners of a 32×32
   * image.
   */
  public static Crop random(long seed, int epoch, int index) {
    SplittableRandom random = Draws.generator(seed, Purpose.CROP, epoch, index);
    return new Crop(random.nextInt(MAX_OFFSET + 1), random.nextInt(MAX_OFFSET + 1));
  }

  /** Values of one preprocessed image of {@code shape}: channels × 28 × 28 (2352 or 784). */
  public static int values(ImageShape shape) {
    return shape.channels() * SIDE * SIDE;
  }

  private static int maxOffset(ImageShape shape) {
    return shape.side() - SIDE;
  }
}
