package dev.gengap.dataset.stream;

import dev.gengap.dataset.corruption.DataSpec;
import dev.gengap.plumbing.InvalidArgumentException;
import dev.gengap.spec.Datasets;

/** Which 28×28 window of each image is served. */
public enum Cropping {
  /** Rows and columns 2..29 of a 32×32 image; the whole of a 28×28 one. */
  CENTER,
  /**
   * Augmentation: a window drawn per (seed, epoch, index); training split only, and only where the
   * images are larger than the window (CIFAR-10).
   */
  RANDOM;

  /** Refuses a random crop on the test split or on images that are already 28×28. */
  void requireApplicable(Split split, DataSpec data) {
    if (this != RANDOM) {
      return;
    }
    if (split != Split.TRAIN) {
      throw new InvalidArgumentException("augment", "allowed for the training split only");
    }
    if (!Datasets.of(data.dataset()).cropped()) {
      throw new InvalidArgumentException(
          "augment",
          data.dataset()
              + " images are 28×28 already, the networks' input size: there is no crop to draw");
    }
  }
}
