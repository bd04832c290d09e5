package dev.gengap.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.CancelRunRequest;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.GetDatasetInfoRequest;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunEvent;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.proto.v1.WatchRunRequest;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.Database;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker end to end: a real dataset-service over a socket serving 500 generated CIFAR-format
 * images, a real embedded PostgreSQL, the trainer's gRPC API over a socket, and real DJL training.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class WorkerIT {
  private static final int RECORDS_PER_FILE = 100; // 5 files: 500 training images

  @TempDir static Path dataDir;
  private static ManagedGrpcServer dataset;

  private final DataSource dataSource;
  private final TrainerFixture trainer;

  @BeforeAll
  static void startDatasetService() {
    dataset =
        TrainerHarness.startDatasetService(
            SyntheticCifar.writeNoise(dataDir, RECORDS_PER_FILE, 7), RECORDS_PER_FILE);
  }

  @AfterAll
  static void stopDatasetService() throws InterruptedException {
    TrainerHarness.shutdown(dataset);
  }

  WorkerIT(DataSource dataSource) {
    this.dataSource = dataSource;
    trainer = new TrainerFixture(dataSource, dataset);
  }

  @AfterEach
  void close() throws InterruptedException {
    trainer.close();
  }

  private static RunSpec spec(TrainingRecipe.Builder recipe) {
    return RunSpec.newBuilder()
        .setData(
            DataSpec.newBuilder()
                .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                .setSeed(3))
        .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP_1X512))
        .setRecipe(recipe.setBatchSize(50))
        .build();
  }

  /** Every WatchRun event until the run ends. */
  private List<RunEvent> watch(long runId) {
    Iterator<RunEvent> events =
        trainer.api(90).watchRun(WatchRunRequest.newBuilder().setRunId(runId).build());
    List<RunEvent> seen = new ArrayList<>();
    events.forEachRemaining(seen::add);
    return seen;
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      Thread.sleep(5);
    }
  }

  private RunRow awaitRun(long runId, Predicate<RunRow> condition) throws InterruptedException {
    RunRepository runs = new RunRepository(dataSource, trainer.clock);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      RunRow row = runs.find(runId).orElseThrow();
      if (condition.test(row)) {
        return row;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("run " + runId + " never reached the expected state");
  }

  @Test
  void memorizesRandomLabelsThroughTheRealServices() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    trainer.startWorker(dataSource, registry, TrainerHarness.settings("trainer-a"));
    Run submitted =
        trainer.submit(spec(TrainingRecipe.newBuilder().setMaxEpochs(60).setCheckpointEvery(5)));

    List<RunEvent> events = watch(submitted.getRunId());

    Run last = events.get(events.size() - 1).getRun();
    assertThat(last.getStatus()).isEqualTo(dev.gengap.proto.v1.RunStatus.RUN_STATUS_SUCCEEDED);
    assertThat(last.getLatest().getTrainAccuracy()).isEqualTo(1.0);
    int epochCount = last.getEpochsCompleted();
    assertThat(epochCount).isBetween(2, 59);
    assertThat(events.stream().filter(RunEvent::hasEpoch).map(e -> e.getEpoch().getEpoch()))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, epochCount).boxed().toList());

    RunRow row =
        new RunRepository(dataSource, trainer.clock).find(submitted.getRunId()).orElseThrow();
    assertThat(row.engine()).isEqualTo("MXNET");
    assertThat(row.device()).isEqualTo("cpu()");
    assertThat(row.tf32()).as("TF32 does not apply on a CPU").isEqualTo("NOT_APPLICABLE");
    assertThat(row.parameterCount()).isEqualTo(1_209_866);
    assertThat(row.trainContentHash())
        .isEqualTo(
            DatasetServiceGrpc.newBlockingStub(trainer.datasetChannel())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getDatasetInfo(
                    GetDatasetInfoRequest.newBuilder().setData(row.spec().getData()).build())
                .getTrainContentHash());
    List<EpochRow> history = new EpochRepository(dataSource, trainer.clock).history(row.id());
    assertThat(history).hasSize(epochCount);
    assertThat(history.get(0).metrics().steps()).isEqualTo(10); // 500 images / batch 50
    assertThat(history.get(epochCount - 1).metrics().trainAccuracy()).isEqualTo(1.0);
    assertThat(row.checkpointEpoch()).isEqualTo(epochCount);
    assertThat(new CheckpointRepository(dataSource, trainer.clock).epochs(row.id()))
        .contains(epochCount)
        .allMatch(epoch -> epoch % 5 == 0 || epoch == epochCount);

    assertThat(
            registry
                .get("gengap.trainer.runs.finished")
                .tag("status", "succeeded")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("gengap.trainer.epochs.completed").counter().count())
        .isEqualTo(epochCount);
    assertThat(registry.get("gengap.trainer.step.duration").timer().count())
        .isEqualTo(10L * epochCount);
    // Per-run gauges go when the run ends.
    assertThat(registry.find("gengap.trainer.run.epoch").gauges()).isEmpty();
    assertThat(registry.find("gengap.trainer.samples.per.second").gauges()).isEmpty();
  }

  @Test
  void testEveryEpochsMeasuresTheTestSplitOnEveryKthAndTheLastEpoch() {
    trainer.startWorker(
        dataSource, new SimpleMeterRegistry(), TrainerHarness.settings("trainer-a"));
    // Too small a learning rate to fit 500 random labels in 3 epochs: all three are trained.
    Run submitted =
        trainer.submit(
            spec(TrainingRecipe.newBuilder().setLr0(1e-4).setMaxEpochs(3).setTestEveryEpochs(2)));

    List<RunEvent> events = watch(submitted.getRunId());

    List<EpochRow> history =
        new EpochRepository(dataSource, trainer.clock).history(submitted.getRunId());
    assertThat(history).hasSize(3);
    assertThat(history.get(0).metrics().test()).isEmpty();
    assertThat(history.get(1).metrics().test()).isPresent();
    assertThat(history.get(2).metrics().test()).as("the last epoch").isPresent();
    // Random training labels: the true test labels are matched about one time in ten.
    assertThat(history.get(2).metrics().test().orElseThrow().accuracy()).isBetween(0.0, 0.4);
    assertThat(history.get(2).metrics().test().orElseThrow().loss()).isPositive();
    assertThat(
            events.stream()
                .filter(RunEvent::hasEpoch)
                .map(RunEvent::getEpoch)
                .filter(e -> e.hasTestAccuracy())
                .map(e -> e.getEpoch()))
        .containsExactly(2, 3);
  }

  @Test
  void cancelOfARunningRunEndsItCancelledWithinOneBatch() throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    trainer.startWorker(dataSource, registry, TrainerHarness.settings("trainer-a"));
    // A learning rate too small to ever fit: only the cancel can end this run.
    Run submitted =
        trainer.submit(
            spec(
                TrainingRecipe.newBuilder()
                    .setLr0(1e-7)
                    .setMaxEpochs(10_000)
                    .setMaxBatchesPerEpoch(4)));
    awaitRun(submitted.getRunId(), run -> run.epochsCompleted() >= 2);
    assertThat(registry.find("gengap.trainer.run.epoch").tag("run_id", "1").gauge()).isNotNull();

    trainer.api(10).cancelRun(CancelRunRequest.newBuilder().setRunId(submitted.getRunId()).build());
    long cancelledAt = System.nanoTime();
    double stepsAtCancel = registry.get("gengap.trainer.step.duration").timer().count();
    RunRow ended = awaitRun(submitted.getRunId(), run -> run.status().isTerminal());
    double seconds = (System.nanoTime() - cancelledAt) / 1e9;

    assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(ended.error()).isEmpty();
    // The flag is polled every 50 ms and read before every batch: a few steps at most, never the
    // rest of a long run.
    assertThat(seconds).isLessThan(5);
    assertThat(registry.get("gengap.trainer.step.duration").timer().count() - stepsAtCancel)
        .isLessThan(40);
    // The worker counts the run and drops its gauges just after storing the final status.
    awaitTrue(
        () ->
            registry
                    .find("gengap.trainer.runs.finished")
                    .tag("status", "cancelled")
                    .counters()
                    .stream()
                    .mapToDouble(c -> c.count())
                    .sum()
                > 0);
    assertThat(
            registry
                .get("gengap.trainer.runs.finished")
                .tag("status", "cancelled")
                .counter()
                .count())
        .isEqualTo(1);
    awaitTrue(() -> registry.find("gengap.trainer.run.epoch").gauges().isEmpty());
    // max_batches_per_epoch = 4: every epoch took 4 steps.
    List<EpochRow> history = new EpochRepository(dataSource, trainer.clock).history(ended.id());
    assertThat(history).allMatch(e -> e.metrics().steps() == 4L * e.metrics().epoch());
  }

  @Test
  void aRunWhoseWorkerDiedIsResumedFromItsCheckpointByAnother() throws InterruptedException {
    HikariDataSource deadWorkersPool =
        Database.pool(((HikariDataSource) dataSource).getJdbcUrl(), "postgres", "", 4);
    Worker doomed =
        trainer.startWorker(
            deadWorkersPool, new SimpleMeterRegistry(), TrainerHarness.settings("trainer-doomed"));
    Run submitted =
        trainer.submit(
            spec(TrainingRecipe.newBuilder().setLr0(0.001).setMaxEpochs(9).setCheckpointEvery(3)));
    Instant firstLife = trainer.clock.instant();
    awaitRun(submitted.getRunId(), run -> run.checkpointEpoch() >= 3);

    // The worker loses the database (as a killed process would) and stops without writing.
    deadWorkersPool.close();
    doomed.close();
    RunRow orphan =
        new RunRepository(dataSource, trainer.clock).find(submitted.getRunId()).orElseThrow();
    assertThat(orphan.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(orphan.worker()).isEqualTo("trainer-doomed");
    int checkpointEpoch = orphan.checkpointEpoch();
    assertThat(checkpointEpoch).isBetween(3, 8);

    // Its lease runs out; another worker claims the run and resumes from the checkpoint.
    trainer.clock.advance(TrainerHarness.LEASE.plusSeconds(1));
    Instant secondLife = trainer.clock.instant();
    trainer.startWorker(
        dataSource, new SimpleMeterRegistry(), TrainerHarness.settings("trainer-b"));
    RunRow ended = awaitRun(submitted.getRunId(), run -> run.status().isTerminal());

    assertThat(ended.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(ended.worker()).isEqualTo("trainer-b");
    assertThat(ended.attempts()).isEqualTo(2);
    List<EpochRow> history = new EpochRepository(dataSource, trainer.clock).history(ended.id());
    assertThat(history)
        .extracting(e -> e.metrics().epoch())
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    for (EpochRow epoch : history) {
      Instant expected = epoch.metrics().epoch() <= checkpointEpoch ? firstLife : secondLife;
      assertThat(epoch.recordedAt()).as("epoch %d", epoch.metrics().epoch()).isEqualTo(expected);
    }
    // Steps continue from the checkpoint's count: 10 per epoch throughout.
    assertThat(history).allMatch(e -> e.metrics().steps() == 10L * e.metrics().epoch());
  }

  @Test
  void aStoppingWorkerCheckpointsItsRunAndReleasesIt() throws InterruptedException {
    Worker worker =
        trainer.startWorker(
            dataSource, new SimpleMeterRegistry(), TrainerHarness.settings("trainer-a"));
    Run submitted =
        trainer.submit(
            spec(
                TrainingRecipe.newBuilder()
                    .setLr0(1e-7)
                    .setMaxEpochs(10_000)
                    .setCheckpointEvery(1000)));
    awaitRun(submitted.getRunId(), run -> run.epochsCompleted() >= 2);

    worker.close();

    RunRow released =
        new RunRepository(dataSource, trainer.clock).find(submitted.getRunId()).orElseThrow();
    assertThat(released.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(released.checkpointEpoch()).isGreaterThanOrEqualTo(2);
    assertThat(released.checkpointEpoch()).isEqualTo(released.epochsCompleted());
    assertThat(new CheckpointRepository(dataSource, trainer.clock).latest(released.id()))
        .hasValueSatisfying(c -> assertThat(c.epoch()).isEqualTo(released.checkpointEpoch()));
  }

  @Test
  void aRunTheDatasetServiceRefusesFailsWithItsMessage() throws InterruptedException {
    trainer.startWorker(
        dataSource, new SimpleMeterRegistry(), TrainerHarness.settings("trainer-a"));
    // Valid for CIFAR-10 (50,000 images), but this dataset-service holds 500.
    RunSpec tooLarge =
        spec(TrainingRecipe.newBuilder().setMaxEpochs(2)).toBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                    .setTrainSubset(1000))
            .build();
    Run submitted = trainer.submit(tooLarge);

    RunRow ended = awaitRun(submitted.getRunId(), run -> run.status().isTerminal());

    assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
    assertThat(ended.error()).contains("INVALID_ARGUMENT").contains("train_subset");
  }

  @Test
  void aRunWhoseLossDivergesFailsInsteadOfTrainingOn() throws InterruptedException {
    trainer.startWorker(
        dataSource, new SimpleMeterRegistry(), TrainerHarness.settings("trainer-a"));
    // lr 10 with momentum 0.9 drives the MLP's loss to infinity, then NaN, within a few steps.
    Run submitted = trainer.submit(spec(TrainingRecipe.newBuilder().setLr0(10).setMaxEpochs(20)));

    RunRow ended = awaitRun(submitted.getRunId(), run -> run.status().isTerminal());

    assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
    assertThat(ended.error()).startsWith("training diverged: mean loss");
    assertThat(ended.epochsCompleted()).isLessThan(20);
  }
}
