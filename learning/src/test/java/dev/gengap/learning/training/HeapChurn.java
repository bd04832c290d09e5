package dev.gengap.learning.training;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thread that makes short-lived garbage until closed, so young collections (and the cleaners of
 * unreachable direct buffers) run all the time: the condition under which an unfenced host copy
 * into MXNet reads freed memory (issue 11).
 */
final class HeapChurn implements AutoCloseable {
  private final AtomicBoolean done = new AtomicBoolean();
  private final Thread thread = new Thread(this::churn, "heap-churn");
  private long sink;

  static HeapChurn start() {
    HeapChurn churn = new HeapChurn();
    churn.thread.start();
    return churn;
  }

  // The bytes are written and read so the compiler cannot elide the allocations.
  private void churn() {
    while (!done.get()) {
      byte[][] garbage = new byte[64][];
      for (int i = 0; i < garbage.length; i++) {
        garbage[i] = new byte[64 * 1024];
        Arrays.fill(garbage[i], (byte) i);
        sink += garbage[i][i];
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    done.set(true);
    thread.join();
    if (sink < 0) {
      throw new AssertionError("unreachable: the garbage holds non-negative bytes");
    }
  }
}
