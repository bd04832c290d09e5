package dev.gengap.dataset.source;

import java.util.List;

/**
 * A data set in memory, images as {@link ImageShape} lays them out, labels 0..9.
 *
 * @param name the {@code DataSpec.dataset} it serves, e.g. "cifar10"
 * @param trainImages {@code trainSize × shape.imageBytes()} bytes
 * @param trainLabels one byte per training image
 * @param testImages {@code testSize × shape.imageBytes()} bytes
 * @param testLabels one byte per test image
 * @param classNames index = label
 * @param trainChannelStats per-channel statistics of the clean training images
 */
public record ImageSet(
    String name,
    ImageShape shape,
    byte[] trainImages,
    byte[] trainLabels,
    byte[] testImages,
    byte[] testLabels,
    List<String> classNames,
    List<ChannelStats> trainChannelStats) {
  /** Every data set gengap serves has ten classes. */
  public static final int CLASSES = 10;

  public int trainSize() {
    return trainLabels.length;
  }

  public int testSize() {
    return testLabels.length;
  }

  /** Builds the data set, computing the channel statistics of the training images. */
  public static ImageSet of(
      String name,
      ImageShape shape,
      byte[] trainImages,
      byte[] trainLabels,
      byte[] testImages,
      byte[] testLabels,
      List<String> classNames) {
    return new ImageSet(
        name,
        shape,
        trainImages,
        trainLabels,
        testImages,
        testLabels,
        List.copyOf(classNames),
        ChannelStats.of(trainImages, shape));
  }
}
