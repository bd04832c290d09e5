package dev.gengap.trainer.training;

import dev.gengap.learning.training.EpochResult;
import dev.gengap.learning.training.Step;
import dev.gengap.store.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trainer's meters (names fixed in the helper brief). Everything registers in the constructor
 * except the per-run gauges, which {@link #runStarted} adds and {@link RunGauges#close} removes.
 */
public final class TrainerMeters {
  static final String RUN_ID = "run_id";

  private final MeterRegistry registry;
  private final Timer step;
  private final Timer epoch;
  private final Counter epochsCompleted;
  private final Map<RunStatus, Counter> finished = new EnumMap<>(RunStatus.class);

  public TrainerMeters(MeterRegistry registry) {
    this.registry = registry;
    this.step =
        Timer.builder("gengap.trainer.step.duration")
            .description("Wall time of one SGD step (forward, backward, update)")
            .publishPercentileHistogram()
            .register(registry);
    this.epoch =
        Timer.builder("gengap.trainer.epoch.duration")
            .description("Wall time of one training epoch")
            .register(registry);
    this.epochsCompleted =
        Counter.builder("gengap.trainer.epochs.completed")
            .description("Training epochs recorded by this trainer")
            .register(registry);
    for (RunStatus status : RunStatus.values()) {
      if (status.isTerminal()) {
        finished.put(
            status,
            Counter.builder("gengap.trainer.runs.finished")
                .description("Runs this trainer ended, by status")
                .tag("status", tag(status))
                .register(registry));
      }
    }
  }

  /**
   * One epoch trained, from the dataset-service's stream ({@code source} "stream") or from the
   * split kept on the device ("device").
   */
  void epochSource(String source) {
    Counter.builder("gengap.trainer.epochs.source")
        .description("Training epochs by where their batches came from: stream or device")
        .tag("source", source)
        .register(registry)
        .increment();
  }

  /** A run's split was not kept on the device (over the budget, or an incomplete epoch). */
  void deviceDataRefused() {
    Counter.builder("gengap.trainer.device.data.refused")
        .description("Runs whose training split was streamed every epoch: over budget or partial")
        .register(registry)
        .increment();
  }

  void step(Step done) {
    step.record(done.duration());
  }

  void runFinished(RunStatus status) {
    finished.get(status).increment();
  }

  /** Registers the gauges of a run; close the result when the run leaves this trainer. */
  RunGauges runStarted(long runId) {
    return new RunGauges(runId);
  }

  private static String tag(RunStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /** The gauges tagged {@code run_id} of one run on this trainer. */
  final class RunGauges implements AutoCloseable {
    private final List<Meter> meters = new ArrayList<>();
    private volatile double samplesPerSecond;
    private volatile double trainLoss = Double.NaN;
    private volatile double trainAccuracy = Double.NaN;
    private volatile double epochNumber;

    private RunGauges(long runId) {
      String id = Long.toString(runId);
      meters.add(
          Gauge.builder("gengap.trainer.samples.per.second", this, g -> g.samplesPerSecond)
              .description("Training examples per second over the run's last epoch")
              .tag(RUN_ID, id)
              .register(registry));
      meters.add(
          Gauge.builder("gengap.trainer.run.train.loss", this, g -> g.trainLoss)
              .description("Mean training loss of the run's last epoch")
              .tag(RUN_ID, id)
              .register(registry));
      meters.add(
          Gauge.builder("gengap.trainer.run.train.accuracy", this, g -> g.trainAccuracy)
              .description("Running training accuracy of the run's last epoch")
              .tag(RUN_ID, id)
              .register(registry));
      meters.add(
          Gauge.builder("gengap.trainer.run.epoch", this, g -> g.epochNumber)
              .description("The run's last completed epoch")
              .tag(RUN_ID, id)
              .register(registry));
    }

    void epochEnded(EpochResult result) {
      epoch.record(result.duration());
      epochsCompleted.increment();
      samplesPerSecond = result.samplesPerSecond();
      trainLoss = result.meanLoss();
      trainAccuracy = result.accuracy();
      epochNumber = result.epoch();
    }

    @Override
    public void close() {
      meters.forEach(registry::remove);
    }
  }
}
