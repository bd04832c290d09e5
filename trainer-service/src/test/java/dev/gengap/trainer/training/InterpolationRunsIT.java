package dev.gengap.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.learning.interpolation.Interpolant;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunEvent;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.proto.v1.WatchRunRequest;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.InterpolationFit;
import dev.gengap.store.InterpolationRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.sql.DataSource;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interpolating run kinds through the trainer: submitted over its gRPC API, fitted by a real
 * worker on raw pixels streamed from a real dataset-service (500 generated noise images), recorded
 * in a real PostgreSQL.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class InterpolationRunsIT {
  private static final int RECORDS_PER_FILE = 100; // 5 files: 500 training images
  private static final int D = 3 * 32 * 32;

  @TempDir static Path dataDir;
  private static ManagedGrpcServer dataset;

  private final DataSource dataSource;
  private final TrainerFixture trainer;

  @BeforeAll
  static void startDatasetService() {
    dataset =
        TrainerHarness.startDatasetService(
            SyntheticCifar.writeNoise(dataDir, RECORDS_PER_FILE, 11), RECORDS_PER_FILE);
  }

  @AfterAll
  static void stopDatasetService() {
    TrainerHarness.shutdown(dataset);
  }

  InterpolationRunsIT(DataSource dataSource) {
    this.dataSource = dataSource;
    trainer = new TrainerFixture(dataSource, dataset);
  }

  @AfterEach
  void close() throws InterruptedException {
    trainer.close();
  }

  private static RunSpec spec(
      ModelSpec.Builder model, CorruptionKind corruption, int n, TrainingRecipe recipe) {
    return RunSpec.newBuilder()
        .setData(DataSpec.newBuilder().setCorruption(corruption).setSeed(5).setTrainSubset(n))
        .setModel(model)
        .setRecipe(recipe)
        .build();
  }

  private static ModelSpec.Builder kind(ModelKind kind) {
    return ModelSpec.newBuilder().setKind(kind);
  }

  /** Submits, watches to the end and returns the final Run message. */
  private Run submitAndWatch(RunSpec spec) {
    Run submitted = trainer.submit(spec);
    Iterator<RunEvent> events =
        trainer
            .api(120)
            .watchRun(WatchRunRequest.newBuilder().setRunId(submitted.getRunId()).build());
    Run last = submitted;
    while (events.hasNext()) {
      last = events.next().getRun();
    }
    return last;
  }

  private Interpolant checkpoint(long runId) {
    return Interpolant.fromBytes(
        new CheckpointRepository(dataSource, trainer.clock).latest(runId).orElseThrow().blob());
  }

  @Test
  void kernelRunInterpolatesItsTrainingSetAndRecordsNormSolveTimeAndCondition() {
    trainer.startWorker(TrainerHarness.settings("kernel-worker"));
    Run run =
        submitAndWatch(
            spec(
                kind(ModelKind.MODEL_KIND_KERNEL_RBF),
                CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS,
                300,
                TrainingRecipe.getDefaultInstance()));

    assertThat(run.getStatus()).as(run.getError()).isEqualTo(RunStatus.RUN_STATUS_SUCCEEDED);
    assertThat(run.getLatest().getTrainAccuracy()).as("measured, random labels").isEqualTo(1.0);
    RunRow row = new RunRepository(dataSource, trainer.clock).find(run.getRunId()).orElseThrow();
    assertThat(row.engine()).isEqualTo("EJML");
    assertThat(row.parameterCount()).as("α: n × 10").isEqualTo(3_000);
    assertThat(row.trainContentHash()).isNotEmpty();
    InterpolationFit fit =
        new InterpolationRepository(dataSource, trainer.clock)
            .findFit(run.getRunId())
            .orElseThrow();
    assertThat(fit.examples()).isEqualTo(300);
    assertThat(fit.dimension()).isEqualTo(D);
    assertThat(fit.solver()).isEqualTo("cholesky");
    assertThat(fit.trainAccuracy()).isEqualTo(1.0);
    assertThat(fit.rkhsNorm().getAsDouble()).isPositive();
    assertThat(fit.conditionEstimate().getAsDouble()).isGreaterThan(1);
    assertThat(fit.weightCount()).isEmpty();

    Interpolant.Kernel model = (Interpolant.Kernel) checkpoint(run.getRunId());
    assertThat(model.gamma()).isEqualTo(row.spec().getModel().getGamma()).isEqualTo(0.00265);
    assertThat(model.alpha().numRows).isEqualTo(300);
    assertThat(model.alpha().numCols).isEqualTo(10);
  }

  @Test
  void linearSgdFromZeroApproachesTheMinimumNormInterpolantEpochByEpoch() {
    trainer.startWorker(TrainerHarness.settings("linear-worker"));
    int epochs = 40;
    Run run =
        submitAndWatch(
            spec(
                kind(ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES),
                CorruptionKind.CORRUPTION_KIND_TRUE_LABELS,
                50,
                TrainingRecipe.newBuilder().setMaxEpochs(epochs).build()));

    assertThat(run.getStatus()).as(run.getError()).isEqualTo(RunStatus.RUN_STATUS_SUCCEEDED);
    assertThat(run.getEpochsCompleted()).isEqualTo(epochs);
    List<EpochRow> history = new EpochRepository(dataSource, trainer.clock).history(run.getRunId());
    assertThat(history).hasSize(epochs);
    assertThat(history.get(epochs - 1).metrics().steps()).isEqualTo(50L * epochs);
    assertThat(history.get(epochs - 1).metrics().trainLoss())
        .isLessThan(history.get(0).metrics().trainLoss());
    InterpolationRepository store = new InterpolationRepository(dataSource, trainer.clock);
    List<InterpolationRepository.SgdEpoch> distances = store.sgdEpochs(run.getRunId());
    assertThat(distances).hasSize(epochs);
    double first = distances.get(0).relativeDistance();
    double last = distances.get(epochs - 1).relativeDistance();
    assertThat(last).isLessThan(first).isLessThan(0.1);
    InterpolationFit fit = store.findFit(run.getRunId()).orElseThrow();
    assertThat(fit.solver()).isEqualTo("sgd");
    // ‖W_SGD‖ grows towards ‖W_min‖ from below: SGD from zero stays in the examples' span.
    assertThat(distances.get(epochs - 1).weightNorm())
        .isLessThanOrEqualTo(fit.minimumNorm().getAsDouble() * (1 + 1e-9));

    Interpolant.Linear model = (Interpolant.Linear) checkpoint(run.getRunId());
    DMatrixRMaj sgd = model.sgd();
    assertThat(sgd.numRows).isEqualTo(D);
    assertThat(model.epoch()).isEqualTo(epochs);
    RunRow row = new RunRepository(dataSource, trainer.clock).find(run.getRunId()).orElseThrow();
    assertThat(row.parameterCount()).as("W: d × 10").isEqualTo(10L * D);
  }

  @Test
  void theorem1NetworkFitsRandomLabelsWithTwoNPlusDWeights() {
    trainer.startWorker(TrainerHarness.settings("theorem1-worker"));
    Run run =
        submitAndWatch(
            spec(
                kind(ModelKind.MODEL_KIND_THEOREM1_RELU),
                CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS,
                500,
                TrainingRecipe.getDefaultInstance()));

    assertThat(run.getStatus()).as(run.getError()).isEqualTo(RunStatus.RUN_STATUS_SUCCEEDED);
    assertThat(run.getLatest().getTrainAccuracy()).isEqualTo(1.0);
    InterpolationFit fit =
        new InterpolationRepository(dataSource, trainer.clock)
            .findFit(run.getRunId())
            .orElseThrow();
    assertThat(fit.examples()).isEqualTo(500);
    assertThat(fit.weightCount().getAsLong()).isEqualTo(2L * 500 + D);
    assertThat(fit.largestWeight().getAsDouble()).isPositive();
    assertThat(run.getParameterCount()).isEqualTo(2L * 500 + D);
    Interpolant.Theorem1 model = (Interpolant.Theorem1) checkpoint(run.getRunId());
    assertThat(model.network().weightCount()).isEqualTo(2L * 500 + D);
  }

  @Test
  void kernelRunThatCannotFitThisWorkersMemoryFailsAtOnceSayingHowMuchItNeeds() {
    // The submitting trainer allows 256 MiB; this worker only 4 MiB.
    trainer.startWorker(TrainerHarness.settings("small-worker").withInterpolationMemory(4L << 20));
    Run run =
        submitAndWatch(
            spec(
                kind(ModelKind.MODEL_KIND_KERNEL_RBF),
                CorruptionKind.CORRUPTION_KIND_TRUE_LABELS,
                400,
                TrainingRecipe.getDefaultInstance()));

    assertThat(run.getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED);
    assertThat(run.getError())
        .contains("KERNEL_RBF on 400 examples needs 11.9 MiB")
        .contains("4.0 MiB");
    assertThat(run.getEpochsCompleted()).isZero();
  }
}
