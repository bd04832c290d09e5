package dev.gengap.dataset.corruption;

import dev.gengap.dataset.source.ImageShape;

/**
 * One split of a corrupted variant, as served. Arrays may be shared with the clean data set (label
 * corruptions keep the clean pixels) and must not be written.
 *
 * @param shape the layout of each image in {@code images}
 * @param images {@code ≥ size × shape.imageBytes()} bytes
 * @param labels labels as served (corrupted where the spec says)
 * @param trueLabels the original labels
 * @param size examples in the split
 * @param contentHash SHA-256 (hex) over each example's served label byte then its pixel bytes
 */
public record SplitData(
    ImageShape shape,
    byte[] images,
    byte[] labels,
    byte[] trueLabels,
    int size,
    String contentHash) {
  /** Offset of example {@code index}'s pixels in {@link #images()}. */
  public int imageOffset(int index) {
    return index * shape.imageBytes();
  }
}
