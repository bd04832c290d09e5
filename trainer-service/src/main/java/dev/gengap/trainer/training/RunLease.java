package dev.gengap.trainer.training;

import dev.gengap.store.RunRepository;
import dev.gengap.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's hold on a claimed run, kept in the background: renews the lease every third of its
 * length and reads the run's cancel flag every poll interval, so the training thread only reads two
 * volatile booleans between batches.
 */
final class RunLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunLease.class);

  private final RunRepository runs;
  private final long runId;
  private final String workerId;
  private final Duration lease;
  private final Clock clock;
  private volatile Instant validUntil;
  private volatile boolean lost;
  private volatile boolean cancelRequested;
  private ScheduledFuture<?> renewal;
  private ScheduledFuture<?> cancelPoll;

  private RunLease(
      RunRepository runs,
      long runId,
      String workerId,
      Duration lease,
      Instant validUntil,
      Clock clock) {
    this.runs = runs;
    this.runId = runId;
    this.workerId = workerId;
    this.lease = lease;
    this.validUntil = validUntil;
    this.clock = clock;
  }

  /** Starts keeping the lease that {@code claimNext} gave at {@code claimedAt}. */
  static RunLease keep(
      RunRepository runs,
      long runId,
      Instant leaseExpiresAt,
      WorkerSettings settings,
      ScheduledExecutorService scheduler,
      Clock clock) {
    RunLease held =
        new RunLease(runs, runId, settings.workerId(), settings.lease(), leaseExpiresAt, clock);
    long renewMillis = settings.lease().toMillis() / 3;
    long pollMillis = settings.poll().toMillis();
    held.renewal =
        scheduler.scheduleWithFixedDelay(
            held::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    held.cancelPoll =
        scheduler.scheduleWithFixedDelay(
            held::pollCancel, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    return held;
  }

  /** The lease was taken over by another worker, or ran out: write nothing more for this run. */
  boolean lost() {
    return lost;
  }

  /** A client asked to cancel the run. */
  boolean cancelRequested() {
    return cancelRequested;
  }

  private void renew() {
    if (lost) {
      return;
    }
    Instant now = clock.instant();
    try {
      if (runs.renewLease(runId, workerId, lease)) {
        validUntil = now.plus(lease);
      } else {
        lost = true;
        log.warn("event=lease_lost run={} worker={}", runId, workerId);
      }
    } catch (StoreException e) {
      // The lease may still hold; once it has run out another worker may own the run.
      if (now.isAfter(validUntil)) {
        lost = true;
        log.warn(
            "event=lease_lost run={} worker={} reason=\"store unreachable past expiry: {}\"",
            runId,
            workerId,
            e.getMessage());
      } else {
        log.warn("event=lease_renewal_failed run={} error=\"{}\"", runId, e.getMessage());
      }
    }
  }

  private void pollCancel() {
    try {
      if (runs.isCancelRequested(runId)) {
        cancelRequested = true;
      }
    } catch (StoreException e) {
      log.warn("event=cancel_poll_failed run={} error=\"{}\"", runId, e.getMessage());
    }
  }

  @Override
  public void close() {
    renewal.cancel(false);
    cancelPoll.cancel(false);
  }
}
