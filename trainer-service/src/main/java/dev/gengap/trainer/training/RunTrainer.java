package dev.gengap.trainer.training;

import dev.gengap.learning.data.DatasetStreamException;
import dev.gengap.learning.data.EpochOrder;
import dev.gengap.learning.data.EpochStream;
import dev.gengap.learning.training.Checkpoint;
import dev.gengap.learning.training.DeviceSplit;
import dev.gengap.learning.training.EpochResult;
import dev.gengap.learning.training.EvaluationResult;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EpochMetrics;
import dev.gengap.store.EpochMetrics.TestMeasurement;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunSetup;
import dev.gengap.store.RunStatus;
import dev.gengap.store.StoreException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one claimed run: resumes from its newest checkpoint, streams its first epoch from the
 * dataset-service (and every epoch of a run with random crops, or whose split exceeds the device
 * data budget; later epochs of the others come from a {@link DeviceSplit}), records each epoch,
 * checkpoints every {@code checkpoint_every} epochs and at the end, and ends the run — or hands it
 * back, or abandons it when its lease is lost.
 */
final class RunTrainer {
  private static final Logger log = LoggerFactory.getLogger(RunTrainer.class);

  private final RunRepository runs;
  private final EpochRepository epochs;
  private final CheckpointRepository checkpoints;
  private final DatasetClient dataset;
  private final TrainerMeters meters;
  private final WorkerSettings settings;
  private final StopSignal stop;

  RunTrainer(
      RunRepository runs,
      EpochRepository epochs,
      CheckpointRepository checkpoints,
      DatasetClient dataset,
      TrainerMeters meters,
      WorkerSettings settings,
      StopSignal stop) {
    this.runs = runs;
    this.epochs = epochs;
    this.checkpoints = checkpoints;
    this.dataset = dataset;
    this.meters = meters;
    this.settings = settings;
    this.stop = stop;
  }

  /** Trains {@code run}, which this worker has just claimed and whose lease {@code lease} keeps. */
  Outcome train(RunRow run, RunLease lease) {
    try (TrainerMeters.RunGauges gauges = meters.runStarted(run.id())) {
      Attempt attempt = new Attempt(run, lease, gauges);
      try {
        return attempt.run();
      } finally {
        attempt.closeSession();
      }
    }
  }

  /** One claim's worth of training; holds the open session and the newest complete state. */
  private final class Attempt {
    private final RunRow run;
    private final long runId;
    private final RunLease lease;
    private final TrainerMeters.RunGauges gauges;
    private final RunSpec placed;
    private final BooleanSupplier interrupted;
    private TrainingSession session;
    // The training split on the device once an epoch streamed it; null while streaming.
    private DeviceSplit split;
    // Set once the split turned out not to be keepable (random crop, budget, partial epoch).
    private boolean streamOnly;
    // The state after the last complete epoch, kept in memory so a shutdown or a dataset outage
    // mid-epoch can save or restart from it; savedEpoch is the newest checkpoint in the store.
    private Checkpoint lastComplete;
    private int savedEpoch;

    Attempt(RunRow run, RunLease lease, TrainerMeters.RunGauges gauges) {
      this.run = run;
      this.runId = run.id();
      this.lease = lease;
      this.gauges = gauges;
      RunSpec spec = run.spec();
      this.placed =
          spec.toBuilder().setDevice(settings.defaultDevice().apply(spec.getDevice())).build();
      this.interrupted = () -> lease.lost() || lease.cancelRequested() || stop.requested();
    }

    Outcome run() {
      try {
        return train();
      } catch (DatasetUnavailableException e) {
        log.warn("event=dataset_unavailable run={} error=\"{}\"", runId, e.getMessage());
        return handBack();
      } catch (StoreException e) {
        // Nothing can be recorded; the lease runs out and the run is claimed again.
        log.warn("event=run_abandoned run={} reason=store error=\"{}\"", runId, e.getMessage());
        return Outcome.ABANDONED;
      } catch (RuntimeException e) {
        String message = describe(e);
        log.error("event=run_failed run={} error=\"{}\"", runId, message, e);
        return end(RunStatus.FAILED, message);
      }
    }

    private Outcome train() {
      String contentHash =
          withRetries("GetDatasetInfo", () -> dataset.trainContentHash(run.spec()));
      Optional<Checkpoint> resume =
          checkpoints.latest(runId).map(stored -> Checkpoint.fromBytes(stored.blob()));
      int done = resume.map(Checkpoint::epoch).orElse(0);
      // Epochs a lost attempt recorded after its last checkpoint are trained again.
      if (!epochs.discardAfter(runId, settings.workerId(), done)) {
        return lost();
      }
      session = TrainingSession.open(placed, settings.defaultEngine(), resume);
      RunSetup setup =
          new RunSetup(
              session.engineName().toUpperCase(Locale.ROOT),
              djlDeviceName(session.deviceName()),
              session.parameterCount(),
              contentHash,
              settings.tf32().use(session.deviceName()));
      if (!runs.recordStart(runId, settings.workerId(), setup)) {
        return lost();
      }
      log.info(
          "event=run_started run={} attempt={} from_epoch={} engine={} device={} tf32={}"
              + " parameters={}",
          runId,
          run.attempts(),
          done,
          setup.engine(),
          setup.device(),
          setup.tf32(),
          setup.parameterCount());
      lastComplete = resume.orElseGet(() -> session.checkpoint(0));
      savedEpoch = done;

      TrainingRecipe recipe = placed.getRecipe();
      if (done >= recipe.getMaxEpochs() || reachedStop(done, recipe)) {
        return end(RunStatus.SUCCEEDED, "");
      }
      for (int epoch = done + 1; epoch <= recipe.getMaxEpochs(); epoch++) {
        EpochResult result = trainEpoch(epoch);
        if (result.cancelled()) {
          return interruptedOutcome();
        }
        boolean last =
            result.accuracy() >= recipe.getStopAtTrainAccuracy() || epoch == recipe.getMaxEpochs();
        EpochMetrics metrics =
            new EpochMetrics(
                epoch,
                result.meanLoss(),
                result.accuracy(),
                result.learningRate(),
                result.samplesPerSecond(),
                result.duration().toNanos() / 1e9,
                result.cumulativeSteps());
        if (testsAfter(epoch, last, recipe) && Double.isFinite(result.meanLoss())) {
          metrics = metrics.withTest(measureTest());
        }
        if (!epochs.record(runId, settings.workerId(), metrics)) {
          return lost();
        }
        gauges.epochEnded(result);
        log.info(
            "run={} epoch={} train_acc={} test_acc={} loss={} lr={} samples_per_s={}",
            runId,
            epoch,
            String.format(Locale.ROOT, "%.3f", result.accuracy()),
            metrics.test().map(t -> String.format(Locale.ROOT, "%.3f", t.accuracy())).orElse("-"),
            String.format(Locale.ROOT, "%.3f", result.meanLoss()),
            new BigDecimal(result.learningRate(), new MathContext(3))
                .stripTrailingZeros()
                .toPlainString(),
            Math.round(result.samplesPerSecond()));
        if (!Double.isFinite(result.meanLoss())) {
          // Once the loss is NaN or infinite the weights are too: more epochs cannot recover,
          // and ending SUCCEEDED would put a meaningless model into the reports.
          return end(
              RunStatus.FAILED,
              String.format(
                  Locale.ROOT,
                  "training diverged: mean loss %s in epoch %d (lr %s)",
                  result.meanLoss(),
                  epoch,
                  result.learningRate()));
        }
        lastComplete = session.checkpoint(epoch);
        if (last || epoch % recipe.getCheckpointEvery() == 0) {
          if (!save(lastComplete)) {
            return lost();
          }
        }
        if (last) {
          return end(RunStatus.SUCCEEDED, "");
        }
      }
      throw new IllegalStateException("unreachable: the last epoch ends the run");
    }

    /** Every {@code test_every_epochs}-th epoch and the last one, when the recipe asks at all. */
    private static boolean testsAfter(int epoch, boolean last, TrainingRecipe recipe) {
      int every = recipe.getTestEveryEpochs();
      return every > 0 && (last || epoch % every == 0);
    }

    /** Clean test accuracy and loss of the model as it stands (eval mode, no augmentation). */
    private TestMeasurement measureTest() {
      try (EpochStream batches = dataset.testSplit(placed)) {
        EvaluationResult test = session.evaluate(batches);
        return new TestMeasurement(test.accuracy(), test.meanLoss());
      } catch (DatasetStreamException e) {
        if (retryable(e.status())) {
          throw new DatasetUnavailableException("test split: " + e.getMessage(), e);
        }
        throw e;
      }
    }

    /** A resumed run whose checkpointed epoch had already reached the stop accuracy. */
    private boolean reachedStop(int done, TrainingRecipe recipe) {
      if (done == 0) {
        return false;
      }
      return epochs.after(runId, done - 1, 1).stream()
          .map(EpochRow::metrics)
          .anyMatch(m -> m.trainAccuracy() >= recipe.getStopAtTrainAccuracy());
    }

    /**
     * Trains one epoch; when the dataset-service fails retryably mid-epoch, restarts the epoch from
     * the state before it (so no batch is learned twice) after a backoff.
     */
    private EpochResult trainEpoch(int epoch) {
      TrainingRecipe recipe = placed.getRecipe();
      if (split != null) {
        meters.epochSource("device");
        int[] order = EpochOrder.shuffled(placed.getData().getSeed(), epoch, split.size());
        return session.trainEpoch(
            epoch,
            split,
            order,
            recipe.getBatchSize(),
            recipe.getMaxBatchesPerEpoch(),
            interrupted,
            meters::step);
      }
      Duration backoff = settings.datasetBackoff();
      for (int attempt = 1; ; attempt++) {
        boolean keep = !streamOnly && !recipe.getRandomCrop();
        DeviceSplit recording =
            keep ? session.newDeviceSplit(settings.deviceDataBudgetBytes()) : null;
        try (EpochStream batches = dataset.trainEpoch(placed, epoch)) {
          meters.epochSource("stream");
          EpochResult result =
              session.trainEpoch(epoch, batches, interrupted, meters::step, recording);
          if (keep && !result.cancelled()) {
            keepOnDevice(recording);
          }
          return result;
        } catch (DatasetStreamException e) {
          if (!retryable(e.status()) || attempt == settings.datasetAttempts()) {
            if (retryable(e.status())) {
              throw new DatasetUnavailableException(
                  "StreamEpoch failed " + attempt + " times: " + e.getMessage(), e);
            }
            throw e;
          }
          log.warn(
              "event=dataset_retry run={} epoch={} attempt={} error=\"{}\"",
              runId,
              epoch,
              attempt,
              e.getMessage());
          stop.await(backoff);
          backoff = backoff.multipliedBy(2);
          closeSession();
          session =
              TrainingSession.open(placed, settings.defaultEngine(), Optional.of(lastComplete));
        }
      }
    }

    /** Keeps the split that {@code recording} holds, or says why not and streams from now on. */
    private void keepOnDevice(DeviceSplit recording) {
      if (recording.seal()) {
        split = recording;
        log.info(
            "event=split_on_device run={} examples={} bytes={}",
            runId,
            split.size(),
            recording.bytes());
        return;
      }
      recording.close();
      streamOnly = true;
      meters.deviceDataRefused();
      log.info(
          "event=split_streamed run={} reason=\"over the device data budget of {} bytes or a"
              + " partial epoch (max_batches_per_epoch)\"",
          runId,
          settings.deviceDataBudgetBytes());
    }

    private <T> T withRetries(String call, Supplier<T> rpc) {
      Duration backoff = settings.datasetBackoff();
      for (int attempt = 1; ; attempt++) {
        try {
          return rpc.get();
        } catch (StatusRuntimeException e) {
          if (!retryable(e.getStatus())) {
            throw new IllegalStateException("dataset-service " + call + ": " + e.getMessage(), e);
          }
          if (attempt == settings.datasetAttempts() || stop.requested()) {
            throw new DatasetUnavailableException(
                call + " failed " + attempt + " times: " + e.getMessage(), e);
          }
          log.warn(
              "event=dataset_retry run={} call={} attempt={} error=\"{}\"",
              runId,
              call,
              attempt,
              e.getMessage());
          stop.await(backoff);
          backoff = backoff.multipliedBy(2);
        }
      }
    }

    /** The epoch stopped early: the lease was lost, a cancel was asked, or the worker stops. */
    private Outcome interruptedOutcome() {
      if (lease.lost()) {
        return lost();
      }
      if (lease.cancelRequested()) {
        return end(RunStatus.CANCELLED, "");
      }
      return handBack();
    }

    /** Saves the newest complete epoch if the store lacks it, and releases the run. */
    private Outcome handBack() {
      if (lease.lost()) {
        return lost();
      }
      if (lastComplete != null && lastComplete.epoch() > savedEpoch && !save(lastComplete)) {
        return lost();
      }
      if (!runs.release(runId, settings.workerId())) {
        return lost();
      }
      log.info("event=run_released run={} checkpoint_epoch={}", runId, savedEpoch);
      return Outcome.RELEASED;
    }

    private boolean save(Checkpoint checkpoint) {
      if (!checkpoints.save(runId, settings.workerId(), checkpoint.epoch(), checkpoint.toBytes())) {
        return false;
      }
      savedEpoch = checkpoint.epoch();
      return true;
    }

    private Outcome end(RunStatus status, String error) {
      if (!runs.finish(runId, settings.workerId(), status, error)) {
        return lost();
      }
      meters.runFinished(status);
      log.info("event=run_ended run={} status={}", runId, status);
      return Outcome.ENDED;
    }

    private Outcome lost() {
      log.warn("event=run_abandoned run={} reason=lease_lost", runId);
      return Outcome.ABANDONED;
    }

    void closeSession() {
      if (split != null) {
        split.close();
        split = null;
      }
      if (session != null) {
        session.close();
        session = null;
      }
    }
  }

  private static boolean retryable(Status status) {
    return status.getCode() == Status.Code.UNAVAILABLE;
  }

  /** The run's error column: what went wrong, without a stack trace. */
  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** "cpu" → "cpu()", "gpu0" → "gpu(0)": DJL's own device notation, as the Run message shows. */
  static String djlDeviceName(String name) {
    return name.startsWith("gpu") ? "gpu(" + name.substring(3) + ")" : name + "()";
  }
}
