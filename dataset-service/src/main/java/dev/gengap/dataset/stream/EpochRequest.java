package dev.gengap.dataset.stream;

import dev.gengap.dataset.corruption.DataSpec;
import dev.gengap.plumbing.InvalidArgumentException;

/**
 * One epoch of a split as batches.
 *
 * @param epoch ≥ 0; decides the order (when shuffled) and the crops (when augmented)
 * @param batchSize 1..4096; the last batch may be smaller
 * @param maxBatches stop after this many batches; 0 = the whole epoch
 */
public record EpochRequest(
    DataSpec data,
    Split split,
    int epoch,
    int batchSize,
    Order order,
    Cropping cropping,
    Encoding encoding,
    int maxBatches) {
  public EpochRequest {
    if (data == null) {
      throw new InvalidArgumentException("data", "required");
    }
    if (split == null) {
      throw new InvalidArgumentException("split", "required");
    }
    if (epoch < 0) {
      throw new InvalidArgumentException("epoch", "must be ≥ 0, was " + epoch);
    }
    if (batchSize < 1 || batchSize > Limits.MAX_BATCH) {
      throw new InvalidArgumentException(
          "batch_size",
          "must be in 1.." + Limits.MAX_BATCH + ", was " + Integer.toUnsignedString(batchSize));
    }
    cropping.requireApplicable(split, data);
    if (maxBatches < 0) {
      throw new InvalidArgumentException(
          "max_batches", "must be ≥ 0 (0 = all), was " + Integer.toUnsignedString(maxBatches));
    }
  }
}
