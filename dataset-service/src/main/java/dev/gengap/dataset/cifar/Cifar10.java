package dev.gengap.dataset.cifar;

import java.util.List;

/**
 * CIFAR-10 in memory, in the official layout: each image is 3072 bytes (1024 R, 1024 G, 1024 B,
 * row-major 32×32), labels 0..9.
 *
 * @param trainImages {@code trainSize × 3072} bytes
 * @param trainLabels one byte per training image
 * @param testImages {@code testSize × 3072} bytes
 * @param testLabels one byte per test image
 * @param classNames index = label
 * @param trainChannelStats per-channel statistics of the clean training images, R, G, B
 */
public record Cifar10(
    byte[] trainImages,
    byte[] trainLabels,
    byte[] testImages,
    byte[] testLabels,
    List<String> classNames,
    List<ChannelStats> trainChannelStats) {
  public static final int CHANNELS = 3;
  public static final int SIDE = 32;

  /** Pixel positions per channel plane. */
  public static final int PLANE = SIDE * SIDE;

  /** Bytes per image. */
  public static final int IMAGE_BYTES = CHANNELS * PLANE;

  public static final int CLASSES = 10;

  public int trainSize() {
    return trainLabels.length;
  }

  public int testSize() {
    return testLabels.length;
  }

  /** Builds the data set, computing the channel statistics of the training images. */
  public static Cifar10 of(
      byte[] trainImages,
      byte[] trainLabels,
      byte[] testImages,
      byte[] testLabels,
      List<String> classNames) {
    return new Cifar10(
        trainImages,
        trainLabels,
        testImages,
        testLabels,
        List.copyOf(classNames),
        ChannelStats.of(trainImages));
  }
}
