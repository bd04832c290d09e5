package dev.gengap.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue as the store sees it: runs by status and the QUEUED count, for every run of every
 * trainer. Both the trainers and the evaluator export them, so the queue depth is known (for
 * dashboards, alerts and autoscaling) while no trainer runs at all.
 */
public final class RunQueueGauges {
  private static final Logger log = LoggerFactory.getLogger(RunQueueGauges.class);

  private final Map<RunStatus, AtomicLong> runs = new EnumMap<>(RunStatus.class);
  private final AtomicLong queueDepth = new AtomicLong();

  public RunQueueGauges(MeterRegistry registry) {
    for (RunStatus status : RunStatus.values()) {
      AtomicLong count = new AtomicLong();
      runs.put(status, count);
      Gauge.builder("gengap.trainer.runs", count, AtomicLong::get)
          .description("Runs in the store by status (all trainers)")
          .tag("status", status.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("gengap.trainer.queue.depth", queueDepth, AtomicLong::get)
        .description("QUEUED runs waiting for a trainer (all trainers)")
        .register(registry);
  }

  /** Reads the counts from the store; a failed read keeps the last values and logs why. */
  public void poll(RunRepository store) {
    try {
      Map<RunStatus, Long> counts = store.countByStatus();
      counts.forEach((status, count) -> runs.get(status).set(count));
      queueDepth.set(counts.get(RunStatus.QUEUED));
    } catch (StoreException e) {
      log.warn("event=store_poll_failed error=\"{}\"", e.getMessage());
    }
  }
}
