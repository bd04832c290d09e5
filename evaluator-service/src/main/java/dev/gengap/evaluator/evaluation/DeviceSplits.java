package dev.gengap.evaluator.evaluation;

import dev.gengap.learning.training.DeviceSplit;
import dev.gengap.proto.v1.Split;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluator's splits kept on the device between evaluations, within a byte budget, the least
 * recently used leaving first. Many runs are measured on the same data (every model and seed of a
 * label corruption on the same test split; every model on the same corrupted training split): those
 * passes need no stream, no decode and no host → device copy after the first.
 *
 * <p>Not thread-safe: the evaluator measures one run at a time.
 */
final class DeviceSplits implements AutoCloseable {

  /**
   * What a kept split holds: the served data (the dataset-service's content hash of the split,
   * which covers corruption, seed and subset) as arrays of one engine on one device.
   */
  record Key(String engine, String device, String dataset, Split split, String contentHash) {}

  private final long budgetBytes;
  private final Map<Key, DeviceSplit> kept = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  DeviceSplits(long budgetBytes) {
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("budgetBytes: must be >= 0, was " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
  }

  long budgetBytes() {
    return budgetBytes;
  }

  Optional<DeviceSplit> find(Key key) {
    return Optional.ofNullable(kept.get(key));
  }

  /** Keeps a sealed split, dropping the least recently used ones until it fits the budget. */
  void keep(Key key, DeviceSplit split) {
    if (split.bytes() > budgetBytes) {
      split.close();
      return;
    }
    Iterator<DeviceSplit> oldest = kept.values().iterator();
    while (bytes + split.bytes() > budgetBytes && oldest.hasNext()) {
      DeviceSplit evicted = oldest.next();
      bytes -= evicted.bytes();
      evicted.close();
      oldest.remove();
    }
    DeviceSplit previous = kept.put(key, split);
    if (previous != null) {
      bytes -= previous.bytes();
      previous.close();
    }
    bytes += split.bytes();
  }

  @Override
  public void close() {
    kept.values().forEach(DeviceSplit::close);
    kept.clear();
    bytes = 0;
  }
}
