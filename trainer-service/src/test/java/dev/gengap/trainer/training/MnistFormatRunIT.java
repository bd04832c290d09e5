package dev.gengap.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.dataset.idx.IdxFiles;
import dev.gengap.dataset.testdata.SyntheticIdx;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.GetRunRequest;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.spec.Datasets;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MLP run on an MNIST-format data set through the trainer: submitted over gRPC, trained by a
 * worker on a real dataset-service serving 300 generated Fashion-MNIST-format images (1×28×28),
 * recorded in a real PostgreSQL; and the runs the system cannot do refused or failed with a message
 * naming what to change.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class MnistFormatRunIT {
  private static final int TRAIN = 300;
  private static final int TEST = 100;
  private static final int MAX_EPOCHS = 6;

  @TempDir static Path dataDir;
  private static ManagedGrpcServer dataset;

  private final DataSource dataSource;
  private final TrainerFixture trainer;

  @BeforeAll
  static void startDatasetService() {
    dataset =
        TrainerHarness.startDatasetService(
            new IdxFiles(Datasets.FASHION_MNIST, TRAIN, TEST)
                .load(SyntheticIdx.writeBands(dataDir, TRAIN, TEST, 9, true)));
  }

  @AfterAll
  static void stopDatasetService() {
    TrainerHarness.shutdown(dataset);
  }

  MnistFormatRunIT(DataSource dataSource) {
    this.dataSource = dataSource;
    trainer = new TrainerFixture(dataSource, dataset);
  }

  @AfterEach
  void close() throws InterruptedException {
    trainer.close();
  }

  private static RunSpec spec(String datasetName, ModelKind kind) {
    return RunSpec.newBuilder()
        .setData(
            DataSpec.newBuilder()
                .setDataset(datasetName)
                .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                .setSeed(2))
        .setModel(ModelSpec.newBuilder().setKind(kind))
        .setRecipe(
            TrainingRecipe.newBuilder()
                .setLr0(0.05)
                .setBatchSize(50)
                .setMaxEpochs(MAX_EPOCHS)
                .setTestEveryEpochs(MAX_EPOCHS))
        .build();
  }

  private Run awaitEnd(long runId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Run run = trainer.api(10).getRun(GetRunRequest.newBuilder().setRunId(runId).build());
      if (run.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED
          || run.getStatus() == RunStatus.RUN_STATUS_FAILED) {
        return run;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("run " + runId + " did not end within 120 s");
  }

  @Test
  void anMlpTrainsOn784InputsAndMeasuresTheTestSplit() throws InterruptedException {
    trainer.startWorker(TrainerHarness.settings("trainer-m"));
    Run submitted = trainer.submit(spec("fashion-mnist", ModelKind.MODEL_KIND_MLP_1X512));

    Run done = awaitEnd(submitted.getRunId());

    assertThat(done.getStatus()).as(done.getError()).isEqualTo(RunStatus.RUN_STATUS_SUCCEEDED);
    RunRow row = new RunRepository(dataSource, trainer.clock).find(done.getRunId()).orElseThrow();
    assertThat(row.spec().getData().getDataset()).isEqualTo("fashion-mnist");
    // 784 × 512 + 512 + 512 × 10 + 10: the first layer takes one grey 28×28 image.
    assertThat(row.parameterCount()).isEqualTo(407_050);
    assertThat(row.trainContentHash()).hasSize(64);
    List<EpochRow> history = new EpochRepository(dataSource, trainer.clock).history(row.id());
    assertThat(history).hasSizeBetween(1, MAX_EPOCHS);
    assertThat(history.get(0).metrics().steps()).isEqualTo(6); // 300 images / batch 50
    EpochRow last = history.get(history.size() - 1);
    // One bright band per class: learnable in a few epochs, and the test split shares it.
    assertThat(last.metrics().trainAccuracy()).isGreaterThan(0.5);
    assertThat(last.metrics().test().orElseThrow().accuracy()).isGreaterThan(0.5);
  }

  @Test
  void aConvolutionalModelOnMnistFormatDataIsInvalidNamingTheField() {
    assertThatThrownBy(() -> trainer.submit(spec("mnist", ModelKind.MODEL_KIND_ALEXNET_SMALL)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("data.dataset: MODEL_KIND_ALEXNET_SMALL takes cifar10, not \"mnist\"");
            });
  }

  @Test
  void aRunOnADataSetTheServiceDoesNotServeFailsNamingTheFlag() throws InterruptedException {
    trainer.startWorker(TrainerHarness.settings("trainer-m"));
    Run submitted = trainer.submit(spec("mnist", ModelKind.MODEL_KIND_MLP_1X512));

    Run done = awaitEnd(submitted.getRunId());

    assertThat(done.getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED);
    assertThat(done.getError())
        .contains("FAILED_PRECONDITION")
        .contains("mnist is not served")
        .contains("--mnist-dir");
  }
}
