package dev.gengap.dataset.source;

import dev.gengap.spec.Datasets;

/**
 * The byte layout of a data set's raw images: {@code channels} planes of {@code side × side} bytes,
 * row-major, one after the other (CIFAR-10's R, G, B planes; MNIST's single grey plane).
 */
public record ImageShape(int channels, int side) {
  public static final ImageShape CIFAR10 = of(Datasets.of(Datasets.CIFAR10));

  /** The shape of {@code dataset}'s images. */
  public static ImageShape of(Datasets.Dataset dataset) {
    return new ImageShape(dataset.channels(), dataset.side());
  }

  /** Pixel positions per channel plane. */
  public int plane() {
    return side * side;
  }

  /** Bytes per image. */
  public int imageBytes() {
    return channels * plane();
  }
}
