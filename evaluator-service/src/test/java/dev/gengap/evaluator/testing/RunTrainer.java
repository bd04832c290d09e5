package dev.gengap.evaluator.testing;

import dev.gengap.learning.data.EpochStream;
import dev.gengap.learning.training.EpochResult;
import dev.gengap.learning.training.StepListener;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.Split;
import dev.gengap.proto.v1.StreamEpochRequest;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EpochMetrics;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunSetup;
import dev.gengap.store.RunStatus;
import io.grpc.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Does what a trainer does, with the real parts and without the trainer service: queues a run,
 * claims it, trains a real {@link TrainingSession} on batches streamed from the dataset-service,
 * records its epochs and final checkpoint, and finishes it SUCCEEDED.
 */
public final class RunTrainer {
  private static final String WORKER = "test-trainer";
  private static final Duration LEASE = Duration.ofMinutes(10);

  private final RunRepository runs;
  private final EpochRepository epochs;
  private final CheckpointRepository checkpoints;
  private final Channel dataset;

  public RunTrainer(DataSource dataSource, Clock clock, Channel dataset) {
    this.runs = new RunRepository(dataSource, clock);
    this.epochs = new EpochRepository(dataSource, clock);
    this.checkpoints = new CheckpointRepository(dataSource, clock);
    this.dataset = dataset;
  }

  /** MLP 1×512 on random labels of the first {@code trainSubset} images, resolved as stored. */
  public static RunSpec randomLabelsMlp(int trainSubset, Engine engine, int maxEpochs) {
    return RunSpec.newBuilder()
        .setData(
            DataSpec.newBuilder()
                .setDataset("cifar10")
                .setSeed(7)
                .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                .setCorruptionProbability(1)
                .setTrainSubset(trainSubset))
        .setModel(
            ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP_1X512).setBatchNorm(false))
        .setRecipe(
            TrainingRecipe.newBuilder()
                .setLr0(0.01)
                .setLrDecay(0.95)
                .setMomentum(0.9)
                .setBatchSize(50)
                .setMaxEpochs(maxEpochs)
                .setStopAtTrainAccuracy(1.0)
                .setCheckpointEvery(5))
        .setEngine(engine)
        .setDevice(Device.DEVICE_CPU)
        .build();
  }

  /** Trains {@code spec} to its stop criterion and returns the SUCCEEDED run. */
  public RunRow trainToSuccess(String requestId, RunSpec spec, String defaultEngine) {
    long id = runs.submit(requestId, new NewRun(spec, requestId)).run().id();
    RunRow claimed = runs.claimNext(WORKER, LEASE).orElseThrow();
    if (claimed.id() != id) {
      throw new IllegalStateException("claimed run " + claimed.id() + ", expected " + id);
    }
    try (TrainingSession session = TrainingSession.open(spec, defaultEngine, Optional.empty())) {
      runs.recordStart(
          id,
          WORKER,
          new RunSetup(
              session.engineName().toUpperCase(),
              session.deviceName(),
              session.parameterCount(),
              "",
              "NOT_APPLICABLE"));
      int epoch = 0;
      for (int e = 1; e <= spec.getRecipe().getMaxEpochs(); e++) {
        epoch = e;
        EpochResult result;
        try (EpochStream batches =
            EpochStream.open(dataset, request(spec, e), 2, Duration.ofMinutes(1))) {
          result = session.trainEpoch(e, batches, () -> false, StepListener.NONE);
        }
        epochs.record(
            id,
            WORKER,
            new EpochMetrics(
                e,
                result.meanLoss(),
                result.accuracy(),
                result.learningRate(),
                result.samplesPerSecond(),
                result.duration().toNanos() / 1e9,
                result.cumulativeSteps()));
        if (result.accuracy() >= spec.getRecipe().getStopAtTrainAccuracy()) {
          break;
        }
      }
      checkpoints.save(id, WORKER, epoch, session.checkpoint(epoch).toBytes());
    }
    runs.finish(id, WORKER, RunStatus.SUCCEEDED, "");
    return runs.find(id).orElseThrow();
  }

  private static StreamEpochRequest request(RunSpec spec, int epoch) {
    return StreamEpochRequest.newBuilder()
        .setData(spec.getData())
        .setSplit(Split.SPLIT_TRAIN)
        .setEpoch(epoch)
        .setBatchSize(spec.getRecipe().getBatchSize())
        .setShuffle(true)
        .build();
  }
}
