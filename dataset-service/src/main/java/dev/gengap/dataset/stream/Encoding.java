package dev.gengap.dataset.stream;

/** How a batch carries its pixels. */
public enum Encoding {
  /** Cropped to 28×28 and whitened; float32 little-endian, (N, 3, 28, 28). */
  FLOAT32_NCHW,
  /** Corrupted but not preprocessed; uint8, (N, 3, 32, 32). */
  UINT8_RAW,
  /**
   * Corrupted, not cropped or whitened, each pixel ÷ 255; float32 little-endian, (N, 3, 32, 32).
   */
  FLOAT32_UNIT
}
