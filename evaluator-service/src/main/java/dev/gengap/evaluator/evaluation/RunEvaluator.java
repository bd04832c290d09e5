package dev.gengap.evaluator.evaluation;

import dev.gengap.learning.data.DatasetStreamException;
import dev.gengap.learning.data.EpochStream;
import dev.gengap.learning.training.Checkpoint;
import dev.gengap.learning.training.DeviceSplit;
import dev.gengap.learning.training.EvaluationResult;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.DatasetInfo;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Encoding;
import dev.gengap.proto.v1.GetDatasetInfoRequest;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.Split;
import dev.gengap.proto.v1.StreamEpochRequest;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.Evaluation;
import dev.gengap.store.RunRow;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures one finished run: loads its newest checkpoint into the run's model and evaluates it in
 * eval mode, without augmentation, on the training split as trained (its served labels, corruption
 * and train subset) and on the test split, both streamed from the dataset-service in index order.
 *
 * <p>One evaluation at a time per JVM: DJL's random generator is global (DESIGN.md §5) and two
 * models at once would only share the same cores.
 */
public final class RunEvaluator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunEvaluator.class);
  private static final Duration INFO_DEADLINE = Duration.ofSeconds(30);

  // Batches read ahead of the model; each 500-image batch is 4.7 MB of float32.
  private static final int PREFETCH = 2;
  // Bounds one split's stream: 50,000 images even through a slow Inception on CPU.
  private static final Duration SPLIT_DEADLINE = Duration.ofHours(2);

  private final Channel dataset;
  private final CheckpointRepository checkpoints;
  private final Clock clock;
  private final String defaultEngine;
  private final int batchSize;
  private final DeviceSplits kept;
  private final ReentrantLock oneAtATime = new ReentrantLock(true);

  /**
   * @param dataset channel to the dataset-service (the caller owns and closes it)
   * @param defaultEngine DJL engine for runs whose spec leaves it unspecified ("mxnet", "pytorch")
   * @param batchSize images per evaluation batch, 1..4096
   * @param deviceDataBudgetBytes most bytes of splits kept on the device between evaluations (a
   *     split being streamed comes on top); 0 = stream every pass
   */
  public RunEvaluator(
      Channel dataset,
      CheckpointRepository checkpoints,
      Clock clock,
      String defaultEngine,
      int batchSize,
      long deviceDataBudgetBytes) {
    if (batchSize < 1 || batchSize > 4096) {
      throw new IllegalArgumentException("batchSize: must be in 1..4096, was " + batchSize);
    }
    this.dataset = dataset;
    this.checkpoints = checkpoints;
    this.clock = clock;
    this.defaultEngine = defaultEngine;
    this.batchSize = batchSize;
    this.kept = new DeviceSplits(deviceDataBudgetBytes);
  }

  /**
   * Evaluates {@code run} on its newest checkpoint.
   *
   * @throws EvaluationException the run has no checkpoint, or it does not fit the run's model
   * @throws dev.gengap.learning.data.DatasetStreamException the dataset-service failed
   */
  public Evaluation evaluate(RunRow run) {
    oneAtATime.lock();
    try {
      long start = System.nanoTime();
      dev.gengap.store.Checkpoint stored =
          checkpoints
              .latest(run.id())
              .orElseThrow(() -> new EvaluationException("run " + run.id() + " has no checkpoint"));
      Checkpoint checkpoint;
      try {
        checkpoint = Checkpoint.fromBytes(stored.blob());
      } catch (IllegalArgumentException e) {
        throw new EvaluationException("run " + run.id() + ": " + e.getMessage());
      }
      EvaluationResult train;
      EvaluationResult test;
      try (TrainingSession session = open(run, checkpoint)) {
        Optional<DatasetInfo> info =
            kept.budgetBytes() > 0 ? Optional.of(info(run)) : Optional.empty();
        train = measure(session, run.spec(), Split.SPLIT_TRAIN, info);
        test = measure(session, run.spec(), Split.SPLIT_TEST, info);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Evaluation(
          run.id(),
          checkpoint.epoch(),
          train.accuracy(),
          train.meanLoss(),
          test.accuracy(),
          test.meanLoss(),
          Math.toIntExact(train.examples()),
          Math.toIntExact(test.examples()),
          clock.instant(),
          seconds);
    } finally {
      oneAtATime.unlock();
    }
  }

  private TrainingSession open(RunRow run, Checkpoint checkpoint) {
    // The evaluator measures on whatever it has (its GPU if the engine sees one, else the CPU),
    // whatever device the run trained on: the checkpoint format does not depend on it.
    RunSpec spec = run.spec().toBuilder().setDevice(Device.DEVICE_UNSPECIFIED).build();
    try {
      return TrainingSession.open(spec, defaultEngine, Optional.of(checkpoint));
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("run " + run.id() + ": " + e.getMessage());
    }
  }

  /** The run's data variant as the dataset-service describes it (its content hashes). */
  private DatasetInfo info(RunRow run) {
    try {
      return DatasetServiceGrpc.newBlockingStub(dataset)
          .withDeadlineAfter(INFO_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .getDatasetInfo(GetDatasetInfoRequest.newBuilder().setData(run.spec().getData()).build());
    } catch (StatusRuntimeException e) {
      // Reported like a failed stream: the same dataset-service, the same callers' handling.
      throw new DatasetStreamException(e.getStatus());
    }
  }

  /**
   * One pass over {@code split}: from the device when a pass on the same engine and device kept the
   * same data, else streamed, keeping the arrays when {@code info} names the data.
   */
  private EvaluationResult measure(
      TrainingSession session, RunSpec spec, Split split, Optional<DatasetInfo> info) {
    if (info.isEmpty()) {
      return measure(session, spec, split, (DeviceSplit) null);
    }
    DeviceSplits.Key key =
        new DeviceSplits.Key(
            session.engineName(),
            session.deviceName(),
            info.get().getDataset(),
            split,
            split == Split.SPLIT_TRAIN
                ? info.get().getTrainContentHash()
                : info.get().getTestContentHash());
    Optional<DeviceSplit> onDevice = kept.find(key);
    if (onDevice.isPresent()) {
      return session.evaluate(onDevice.get(), batchSize);
    }
    DeviceSplit recording = session.newLastingDeviceSplit(kept.budgetBytes());
    EvaluationResult result;
    try {
      result = measure(session, spec, split, recording);
    } catch (RuntimeException e) {
      recording.close();
      throw e;
    }
    if (recording.seal()) {
      kept.keep(key, recording);
    } else {
      recording.close();
      log.info(
          "event=split_streamed split={} reason=\"over the device data budget of {} bytes\"",
          split,
          kept.budgetBytes());
    }
    return result;
  }

  private EvaluationResult measure(
      TrainingSession session, RunSpec spec, Split split, DeviceSplit keep) {
    StreamEpochRequest request =
        StreamEpochRequest.newBuilder()
            .setData(spec.getData())
            .setSplit(split)
            .setEpoch(0)
            .setBatchSize(batchSize)
            .setShuffle(false)
            .setAugment(false)
            .setEncoding(Encoding.ENCODING_FLOAT32_NCHW)
            .build();
    try (EpochStream batches = EpochStream.open(dataset, request, PREFETCH, SPLIT_DEADLINE)) {
      return session.evaluate(batches, keep);
    }
  }

  /** Frees the splits kept on the device. */
  @Override
  public void close() {
    oneAtATime.lock();
    try {
      kept.close();
    } finally {
      oneAtATime.unlock();
    }
  }
}
