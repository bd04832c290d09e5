package dev.gengap.trainer.training;

import dev.gengap.learning.training.TrainingSession;
import dev.gengap.store.Capabilities;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims runs from the store and trains them, one at a time (DJL's random generator is global, so a
 * JVM trains one run at a time). {@link #start()} starts the worker thread; {@link #close()} stops
 * claiming, stops the current run within one batch, saves its newest complete epoch, releases it
 * and waits for the thread.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(2);

  private final RunRepository runs;
  private final WorkerSettings settings;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final StopSignal stop = new StopSignal();
  private final RunTrainer trainer;
  private final Capabilities capabilities;
  private Thread thread;

  /**
   * @param scheduler runs lease renewals and cancel polls; owned by the caller, who shuts it down
   *     after closing the worker
   * @param clock the clock the repositories use, so lease bookkeeping agrees with the store's
   * @throws IllegalArgumentException on a GPU, when the environment does not set the TF32 mode of
   *     {@code settings}
   */
  public Worker(
      RunRepository runs,
      EpochRepository epochs,
      CheckpointRepository checkpoints,
      DatasetClient dataset,
      TrainerMeters meters,
      WorkerSettings settings,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.runs = runs;
    this.settings = settings;
    this.scheduler = scheduler;
    this.clock = clock;
    this.trainer = new RunTrainer(runs, epochs, checkpoints, dataset, meters, settings, stop);
    this.capabilities =
        settings
            .tf32()
            .capabilities(
                TrainingSession.seesGpu(settings.defaultEngine()),
                settings.defaultEngine(),
                System.getenv());
  }

  public Worker start() {
    thread = new Thread(this::loop, "worker-" + settings.workerId());
    thread.start();
    return this;
  }

  private void loop() {
    log.info(
        "event=worker_started worker={} gpu_tf32={}",
        settings.workerId(),
        capabilities.gpuTf32().map(String::valueOf).orElse("n/a"));
    while (!stop.requested()) {
      Optional<RunRow> claimed;
      try {
        claimed = runs.claimNext(settings.workerId(), settings.lease(), capabilities);
      } catch (StoreException e) {
        log.warn("event=claim_failed error=\"{}\"", e.getMessage());
        stop.await(settings.poll());
        continue;
      }
      if (claimed.isEmpty()) {
        stop.await(settings.poll());
        continue;
      }
      RunRow run = claimed.get();
      log.info("event=run_claimed run={} name=\"{}\"", run.id(), run.displayName());
      Outcome outcome;
      try (RunLease lease =
          RunLease.keep(
              runs, run.id(), run.leaseExpiresAt().orElseThrow(), settings, scheduler, clock)) {
        outcome = trainer.train(run, lease);
      } catch (RuntimeException e) {
        // Only the store can throw here (ending the run failed): the lease runs out.
        log.error("event=run_abandoned run={} error=\"{}\"", run.id(), e.getMessage(), e);
        outcome = Outcome.ABANDONED;
      }
      if (outcome == Outcome.RELEASED && !stop.requested()) {
        // Only the dataset-service outage releases a run while running on: give it time.
        stop.await(settings.datasetPause());
      }
    }
    log.info("event=worker_stopped worker={}", settings.workerId());
  }

  /** Whether the worker thread is still running. */
  public boolean isRunning() {
    return thread != null && thread.isAlive();
  }

  @Override
  public void close() {
    stop.raise();
    if (thread == null) {
      return;
    }
    try {
      thread.join(JOIN_TIMEOUT.toMillis());
      if (thread.isAlive()) {
        log.warn("event=worker_stop_timeout worker={}", settings.workerId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
