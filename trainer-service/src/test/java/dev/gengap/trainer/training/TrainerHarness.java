package dev.gengap.trainer.training;

import dev.gengap.dataset.DatasetServer;
import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.SweepRepository;
import dev.gengap.trainer.queue.RunQueue;
import dev.gengap.trainer.server.RunWatcher;
import dev.gengap.trainer.server.TrainerGrpcService;
import io.grpc.BindableService;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** Real servers on free local ports for the worker ITs; every part is closed by its owner. */
final class TrainerHarness {
  static final Duration LEASE = Duration.ofSeconds(30);

  private TrainerHarness() {}

  static WorkerSettings settings(String workerId) {
    return new WorkerSettings(
        workerId,
        "mxnet",
        DefaultDevice.cpu,
        LEASE,
        Duration.ofMillis(50),
        2,
        Duration.ofMillis(50),
        Duration.ofMillis(200),
        WorkerSettings.DEFAULT_DEVICE_DATA_BUDGET_BYTES,
        Tf32.off);
  }

  /** A real dataset-service over a socket, serving the CIFAR-format files in {@code dataDir}. */
  static ManagedGrpcServer startDatasetService(Path dataDir, int recordsPerFile) {
    return startDatasetService(new CifarFiles(recordsPerFile).load(dataDir));
  }

  /** A real dataset-service over a socket, serving {@code data} (and no other data set). */
  static ManagedGrpcServer startDatasetService(ImageSet data) {
    try {
      return DatasetServer.serve(
          List.of(data),
          2,
          Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()),
          new SimpleMeterRegistry(),
          Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Server start(BindableService service) {
    try {
      return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
          .addService(service)
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ManagedChannel channel(ManagedGrpcServer server) {
    return Grpc.newChannelBuilder("localhost:" + server.port(), InsecureChannelCredentials.create())
        .build();
  }

  static ManagedChannel channel(Server server) {
    return Grpc.newChannelBuilder(
            "localhost:" + server.getPort(), InsecureChannelCredentials.create())
        .build();
  }

  /** The trainer's gRPC API over {@code dataSource}, on a socket. */
  static Server startTrainerApi(
      DataSource dataSource, Clock clock, ScheduledExecutorService scheduler) {
    RunRepository runs = new RunRepository(dataSource, clock);
    EpochRepository epochs = new EpochRepository(dataSource, clock);
    RunQueue queue = new RunQueue(runs, epochs, new SweepRepository(dataSource, clock));
    return start(
        new TrainerGrpcService(queue, new RunWatcher(queue, scheduler, Duration.ofMillis(20))));
  }

  /** A worker over {@code dataSource} reading batches through {@code datasetChannel}. */
  static Worker worker(
      DataSource dataSource,
      Clock clock,
      Channel datasetChannel,
      TrainerMeters meters,
      WorkerSettings settings,
      ScheduledExecutorService scheduler) {
    return new Worker(
        new RunRepository(dataSource, clock),
        new EpochRepository(dataSource, clock),
        new CheckpointRepository(dataSource, clock),
        new DatasetClient(datasetChannel, Duration.ofSeconds(10), Duration.ofMinutes(2)),
        meters,
        settings,
        scheduler,
        clock);
  }

  static ScheduledExecutorService scheduler() {
    return Executors.newScheduledThreadPool(2);
  }

  static void shutdown(ManagedGrpcServer server) {
    server.close();
  }

  static void shutdown(Server server) throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  static void shutdown(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
