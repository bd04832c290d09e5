package dev.gengap.dataset.stream;

import java.util.List;

/**
 * A batch as served.
 *
 * @param indices example indices in the split
 * @param labels served labels, one byte each
 * @param trueLabels original labels
 * @param shape e.g. [N, 3, 28, 28]
 * @param data pixels laid out as {@code shape} says, little-endian for float32, in consecutive
 *     chunks of whole examples; each chunk is a fresh array that nothing writes again
 */
public record ExampleBatch(
    int batchIndex,
    int[] indices,
    byte[] labels,
    byte[] trueLabels,
    Encoding encoding,
    int[] shape,
    List<byte[]> data) {
  public int size() {
    return indices.length;
  }

  /** Bytes of pixel data over all chunks. */
  public long dataBytes() {
    long bytes = 0;
    for (byte[] chunk : data) {
      bytes += chunk.length;
    }
    return bytes;
  }
}
