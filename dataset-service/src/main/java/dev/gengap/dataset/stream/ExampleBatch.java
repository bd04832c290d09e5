package dev.gengap.dataset.stream;

/**
 * A batch as served.
 *
 * @param indices example indices in the split
 * @param labels served labels, one byte each
 * @param trueLabels original labels
 * @param shape e.g. [N, 3, 28, 28]
 * @param data pixels laid out as {@code shape} says, little-endian for float32
 */
public record ExampleBatch(
    int batchIndex,
    int[] indices,
    byte[] labels,
    byte[] trueLabels,
    Encoding encoding,
    int[] shape,
    byte[] data) {
  public int size() {
    return indices.length;
  }
}
