package dev.gengap.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.dataset.testdata.StreamCalls;
import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.spec.RunSpecs;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.SettableClock;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split kept on the device: after the first epoch an unaugmented run makes no StreamEpoch call,
 * and its epochs and final weights are bit-identical to a run that streams every epoch.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class DeviceDataIT {
  private static final int RECORDS_PER_FILE = 60; // 5 files: 300 training images
  private static final int EPOCHS = 4;

  @TempDir static Path dataDir;
  private static ManagedGrpcServer dataset;

  private final DataSource dataSource;
  private final SettableClock clock = new SettableClock();
  private final ScheduledExecutorService scheduler = TrainerHarness.scheduler();
  private final ManagedChannel datasetChannel;

  @BeforeAll
  static void startDatasetService() {
    dataset =
        TrainerHarness.startDatasetService(
            SyntheticCifar.writeNoise(dataDir, RECORDS_PER_FILE, 5), RECORDS_PER_FILE);
  }

  @AfterAll
  static void stopDatasetService() throws InterruptedException {
    TrainerHarness.shutdown(dataset);
  }

  DeviceDataIT(DataSource dataSource) {
    this.dataSource = dataSource;
    datasetChannel = TrainerHarness.channel(dataset);
  }

  @AfterEach
  void close() throws InterruptedException {
    TrainerHarness.shutdown(datasetChannel);
    scheduler.shutdownNow();
  }

  @Test
  void epochsAfterTheFirstComeFromTheDeviceBitIdenticalToStreaming() throws Exception {
    Trained onDevice = train(WorkerSettings.DEFAULT_DEVICE_DATA_BUDGET_BYTES, "on-device");
    Trained streamed = train(0, "streamed");

    assertThat(onDevice.streamCalls()).isEqualTo(1);
    assertThat(streamed.streamCalls()).isEqualTo(EPOCHS);
    assertThat(onDevice.deviceEpochs()).isEqualTo(EPOCHS - 1);
    assertThat(streamed.refusals()).isEqualTo(1);
    assertThat(onDevice.history()).hasSize(EPOCHS);
    for (int e = 0; e < EPOCHS; e++) {
      assertThat(onDevice.history().get(e).metrics().trainLoss())
          .isEqualTo(streamed.history().get(e).metrics().trainLoss());
      assertThat(onDevice.history().get(e).metrics().trainAccuracy())
          .isEqualTo(streamed.history().get(e).metrics().trainAccuracy());
    }
    assertThat(onDevice.checkpoint()).isEqualTo(streamed.checkpoint());
  }

  private record Trained(
      int streamCalls,
      double deviceEpochs,
      double refusals,
      List<EpochRow> history,
      byte[] checkpoint) {}

  private Trained train(long budget, String workerId) throws InterruptedException {
    StreamCalls streamCalls = new StreamCalls();
    Channel counted = streamCalls.on(datasetChannel);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RunRepository runs = new RunRepository(dataSource, clock);
    long runId = runs.submit(UUID.randomUUID().toString(), new NewRun(spec(), workerId)).run().id();
    Worker worker =
        TrainerHarness.worker(
            dataSource,
            clock,
            counted,
            new TrainerMeters(registry),
            TrainerHarness.settings(workerId).withDeviceDataBudget(budget),
            scheduler);
    try {
      worker.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      RunRow row = runs.find(runId).orElseThrow();
      while (!row.status().isTerminal()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("run " + runId + " did not end within 90 s");
        }
        Thread.sleep(20);
        row = runs.find(runId).orElseThrow();
      }
    } finally {
      worker.close();
    }
    return new Trained(
        streamCalls.count(),
        registry.find("gengap.trainer.epochs.source").tag("source", "device").counters().stream()
            .mapToDouble(c -> c.count())
            .sum(),
        registry.find("gengap.trainer.device.data.refused").counters().stream()
            .mapToDouble(c -> c.count())
            .sum(),
        new EpochRepository(dataSource, clock).history(runId),
        new CheckpointRepository(dataSource, clock).latest(runId).orElseThrow().blob());
  }

  private static RunSpec spec() {
    return RunSpecs.resolve(
        RunSpec.newBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                    .setSeed(3))
            .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP_1X512))
            .setRecipe(
                TrainingRecipe.newBuilder()
                    .setBatchSize(64)
                    .setMaxEpochs(EPOCHS)
                    .setCheckpointEvery(EPOCHS))
            .setDevice(Device.DEVICE_CPU)
            .build());
  }
}
