package dev.gengap.dataset.stream;

import java.util.NoSuchElementException;

/**
 * Walks one epoch batch by batch. Holds the epoch's order (one int per example) but never more than
 * the batch being built, so a slow reader costs no memory.
 */
public final class EpochCursor {
  private final int[] order;
  private final int batchSize;
  private final int totalBatches;
  private final BatchAssembler assembler;
  private int nextBatch;

  EpochCursor(int[] order, int batchSize, int maxBatches, BatchAssembler assembler) {
    this.order = order;
    this.batchSize = batchSize;
    int full = (order.length + batchSize - 1) / batchSize;
    this.totalBatches = maxBatches == 0 ? full : Math.min(full, maxBatches);
    this.assembler = assembler;
  }

  public boolean hasNext() {
    return nextBatch < totalBatches;
  }

  public ExampleBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch finished after " + totalBatches + " batches");
    }
    int from = nextBatch * batchSize;
    int to = Math.min(order.length, from + batchSize);
    int[] indices = new int[to - from];
    System.arraycopy(order, from, indices, 0, indices.length);
    return assembler.assemble(nextBatch++, indices);
  }

  /** Bytes of pixel data in a full batch. */
  public int batchBytes() {
    return batchSize * assembler.bytesPerExample();
  }

  /** Batches this cursor serves in all. */
  public int totalBatches() {
    return totalBatches;
  }
}
