package dev.gengap.bench;

import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.corruption.VariantCache;
import dev.gengap.dataset.server.DatasetGrpcService;
import dev.gengap.dataset.server.DatasetMeters;
import dev.gengap.dataset.stream.DatasetCatalog;
import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.spec.RunSpecs;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.Database;
import dev.gengap.store.EmbeddedDatabase;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.trainer.training.DatasetClient;
import dev.gengap.trainer.training.DefaultDevice;
import dev.gengap.trainer.training.TrainerMeters;
import dev.gengap.trainer.training.Worker;
import dev.gengap.trainer.training.WorkerSettings;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whole trainer epochs: an embedded PostgreSQL, a dataset-service on a loopback port serving
 * generated CIFAR-format images (as many as the longest epoch needs), and a trainer worker with its
 * metrics, lease renewal and a checkpoint after every epoch, as in production.
 */
final class SystemEpochs implements AutoCloseable {
  private static final int TRAIN_FILES = 5;

  private final Path dataDir;
  private final EmbeddedDatabase database;
  private final Server dataset;
  private final ManagedChannel channel;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final Clock clock = Clock.systemUTC();

  private SystemEpochs(Path dataDir, EmbeddedDatabase database, Server dataset) {
    this.dataDir = dataDir;
    this.database = database;
    this.dataset = dataset;
    this.channel =
        Grpc.newChannelBuilder(
                "localhost:" + dataset.getPort(), InsecureChannelCredentials.create())
            .build();
  }

  /** Starts the stack with a training set of at least {@code trainExamples} images. */
  static SystemEpochs start(int trainExamples) throws IOException {
    int recordsPerFile = (trainExamples + TRAIN_FILES - 1) / TRAIN_FILES;
    Path dir = Files.createTempDirectory("gengap-bench-data");
    SyntheticCifar.writeNoise(dir, recordsPerFile, 1);
    DatasetMeters meters = new DatasetMeters(new SimpleMeterRegistry());
    DatasetCatalog catalog =
        new DatasetCatalog(
            List.of(
                new VariantCache(
                    new CifarFiles(recordsPerFile).load(dir), 2, meters.variantBuild())),
            name -> "the benchmark serves CIFAR-10 only");
    Server server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(new DatasetGrpcService(catalog, meters))
            .build()
            .start();
    EmbeddedDatabase database = EmbeddedDatabase.startEphemeral(4);
    Database.migrate(database.dataSource());
    return new SystemEpochs(dir, database, server);
  }

  /**
   * Trains {@code model} for 3 epochs of {@code steps} batches; returns images/s of epoch 1 as the
   * trainer recorded it (streamed) and of a whole trainer epoch from the device (between the rows
   * of epochs 2 and 3: training, checkpoint of epoch 2, store writes).
   */
  double[] run(SideBySide.Model model, Engine engine, int steps) throws InterruptedException {
    int examples = steps * SideBySide.BATCH;
    RunSpec base = model.spec(engine);
    RunSpec spec =
        RunSpecs.resolve(
            base.toBuilder().setData(base.getData().toBuilder().setTrainSubset(examples)).build());
    RunRepository runs = new RunRepository(database.dataSource(), clock);
    long runId = runs.submit(UUID.randomUUID().toString(), new NewRun(spec, "bench")).run().id();
    Worker worker =
        new Worker(
            runs,
            new EpochRepository(database.dataSource(), clock),
            new CheckpointRepository(database.dataSource(), clock),
            new DatasetClient(channel, Duration.ofSeconds(30), Duration.ofMinutes(30)),
            new TrainerMeters(new SimpleMeterRegistry()),
            WorkerSettings.of(
                "bench",
                "pytorch",
                DefaultDevice.auto,
                Duration.ofSeconds(60),
                Duration.ofMillis(200)),
            scheduler,
            clock);
    try {
      worker.start();
      RunRow row = runs.find(runId).orElseThrow();
      while (!row.status().isTerminal()) {
        Thread.sleep(50);
        row = runs.find(runId).orElseThrow();
      }
    } finally {
      worker.close();
    }
    List<EpochRow> history = new EpochRepository(database.dataSource(), clock).history(runId);
    if (history.size() < 3) {
      throw new IllegalStateException(
          model.name() + " on " + engine + " ended after " + history.size() + " epochs");
    }
    double streamed = history.get(0).metrics().samplesPerSecond();
    double seconds =
        Duration.between(history.get(1).recordedAt(), history.get(2).recordedAt()).toNanos() / 1e9;
    return new double[] {streamed, examples / seconds};
  }

  @Override
  public void close() throws Exception {
    scheduler.shutdownNow();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    dataset.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    database.close();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
