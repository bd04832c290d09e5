package dev.gengap.trainer.training;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Set once when the worker is asked to stop; waits end early when it is. */
final class StopSignal {
  private final CountDownLatch raised = new CountDownLatch(1);

  void raise() {
    raised.countDown();
  }

  boolean requested() {
    return raised.getCount() == 0;
  }

  /** Sleeps for {@code duration} or until the signal is raised. */
  void await(Duration duration) {
    try {
      raised.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      raise();
    }
  }
}
