package dev.gengap.dataset.stream;

/** Which 28×28 window of each image is served. */
public enum Cropping {
  /** Rows and columns 2..29. */
  CENTER,
  /** Augmentation: a window drawn per (seed, epoch, index); training split only. */
  RANDOM
}
