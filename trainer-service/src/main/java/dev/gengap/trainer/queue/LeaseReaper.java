package dev.gengap.trainer.queue;

import dev.gengap.store.RunRepository;
import dev.gengap.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled housekeeping: ends the expired lease of every run whose trainer died. A run whose
 * cancel was requested ends CANCELLED (no trainer would ever claim it again, so without this it
 * stayed RUNNING forever); any other goes back to QUEUED, so statuses and queue depth tell the
 * truth while no trainer is free. Every trainer runs it: the statement is idempotent.
 */
public final class LeaseReaper implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

  private final RunRepository runs;

  public LeaseReaper(RunRepository runs) {
    this.runs = runs;
  }

  @Override
  public void run() {
    try {
      int reaped = runs.reapExpired();
      if (reaped > 0) {
        log.info("event=expired_leases_reaped runs={}", reaped);
      }
    } catch (StoreException e) {
      // A scheduled task that throws is never run again: log, and try at the next tick.
      log.warn("event=reap_failed error=\"{}\"", e.getMessage());
    }
  }
}
