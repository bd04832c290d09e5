package dev.gengap.dataset.preprocess;

import dev.gengap.dataset.corruption.Draws;
import dev.gengap.dataset.corruption.Purpose;
import java.util.SplittableRandom;

/**
 * A 28×28 window of a 32×32 image, by its top-left corner.
 *
 * @param top first row, 0..4
 * @param left first column, 0..4
 */
public record Crop(int top, int left) {
  public static final int SIDE = 28;

  /** Values of one preprocessed image: 3 × 28 × 28 = 2352. */
  public static final int VALUES = 3 * SIDE * SIDE;

  /** Largest corner offset: 32 − 28. */
  static final int MAX_OFFSET = 4;

  /** Rows and columns 2..29, the paper's center crop. */
  public static final Crop CENTER = new Crop(2, 2);

  public Crop {
    if (top < 0 || top > MAX_OFFSET || left < 0 || left > MAX_OFFSET) {
      throw new IllegalArgumentException("crop corner out of range: " + top + "," + left);
    }
  }

  /** The augmentation crop of one example in one epoch, uniform over the 5 × 5 corners. */
  public static Crop random(long seed, int epoch, int index) {
    SplittableRandom random = Draws.generator(seed, Purpose.CROP, epoch, index);
    return new Crop(random.nextInt(MAX_OFFSET + 1), random.nextInt(MAX_OFFSET + 1));
  }
}
