package dev.gengap.dataset.stream;

/** How a batch carries its pixels. */
public enum Encoding {
  /**
   * Cropped to 28×28 (MNIST-format images are 28×28 already) and whitened; float32 little-endian,
   * (N, C, 28, 28).
   */
  FLOAT32_NCHW,
  /**
   * Corrupted but not preprocessed; uint8, (N, C, side, side): (N, 3, 32, 32) or (N, 1, 28, 28).
   */
  UINT8_RAW,
  /** Corrupted, not cropped or whitened, each pixel ÷ 255; float32 little-endian, as UINT8_RAW. */
  FLOAT32_UNIT
}
