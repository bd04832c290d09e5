package dev.gengap.evaluator.evaluation;

import dev.gengap.store.StoreException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every finished run by itself: every {@code poll} it claims and evaluates pending runs
 * until none is left. A failed evaluation was already logged and given a retry time by {@link
 * Evaluations}; a store outage is logged when it starts and when it ends, not at every poll.
 */
public final class EvaluationLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EvaluationLoop.class);

  private final Evaluations evaluations;
  private final Duration poll;
  private ScheduledExecutorService executor;
  private volatile boolean stopping;
  private boolean storeDown;

  public EvaluationLoop(Evaluations evaluations, Duration poll) {
    if (poll.isNegative() || poll.isZero()) {
      throw new IllegalArgumentException("poll: must be > 0, was " + poll);
    }
    this.evaluations = evaluations;
    this.poll = poll;
  }

  public EvaluationLoop start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "evaluation-loop");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(this::drain, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    log.info("event=evaluation_loop_started poll_ms={}", poll.toMillis());
    return this;
  }

  /** Evaluates pending runs until none is left (or the loop stops). */
  void drain() {
    while (!stopping) {
      try {
        if (evaluations.evaluateNextPending().isEmpty()) {
          storeReachable();
          return;
        }
        storeReachable();
      } catch (StoreException e) {
        if (!storeDown) {
          storeDown = true;
          log.warn("event=evaluation_loop_store_unavailable error=\"{}\"", e.getMessage());
        }
        return;
      } catch (RuntimeException e) {
        // Logged by Evaluations with its retry time; go on with the next pending run.
      } catch (Error e) {
        // An escaped Error would cancel the schedule silently; its claim's lease runs out and
        // the run is tried again after it.
        log.error("event=evaluation_loop_error error=\"{}\"", e.toString(), e);
        return;
      }
    }
  }

  private void storeReachable() {
    if (storeDown) {
      storeDown = false;
      log.info("event=evaluation_loop_store_available");
    }
  }

  /** Stops polling; an evaluation in progress is abandoned (its claim's lease runs out). */
  @Override
  public void close() {
    stopping = true;
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
