package dev.gengap.dataset.stream;

import dev.gengap.dataset.corruption.DataSpec;
import dev.gengap.plumbing.InvalidArgumentException;

/**
 * Chosen examples of a split, in the order asked.
 *
 * @param indices 1..4096 example indices, each checked against the split's size when served
 * @param epoch ≥ 0; decides the crops when augmented
 */
public record ExamplesRequest(
    DataSpec data, Split split, int[] indices, Encoding encoding, Cropping cropping, int epoch) {
  public ExamplesRequest {
    if (data == null) {
      throw new InvalidArgumentException("data", "required");
    }
    if (split == null) {
      throw new InvalidArgumentException("split", "required");
    }
    if (indices.length < 1 || indices.length > Limits.MAX_BATCH) {
      throw new InvalidArgumentException(
          "indices", "must hold 1.." + Limits.MAX_BATCH + " indices, held " + indices.length);
    }
    cropping.requireApplicable(split, data);
    if (epoch < 0) {
      throw new InvalidArgumentException("epoch", "must be ≥ 0, was " + epoch);
    }
  }
}
