package dev.gengap.trainer.training;

import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.SubmitRunRequest;
import dev.gengap.proto.v1.TrainerServiceGrpc;
import dev.gengap.store.SettableClock;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The trainer side of a worker IT, one per test: the trainer's gRPC API on a socket and the workers
 * a test starts, over one store and a dataset-service the IT started; {@link #close()} stops all of
 * it.
 */
final class TrainerFixture implements AutoCloseable {
  /** The store's clock: tests advance it past a lease and read it for recorded times. */
  final SettableClock clock = new SettableClock();

  private final DataSource dataSource;
  private final ScheduledExecutorService scheduler = TrainerHarness.scheduler();
  private final ManagedChannel datasetChannel;
  private final Server api;
  private final ManagedChannel apiChannel;
  private final List<Worker> workers = new ArrayList<>();

  TrainerFixture(DataSource dataSource, ManagedGrpcServer dataset) {
    this.dataSource = dataSource;
    datasetChannel = TrainerHarness.channel(dataset);
    api = TrainerHarness.startTrainerApi(dataSource, clock, scheduler);
    apiChannel = TrainerHarness.channel(api);
  }

  /** The channel the workers read batches through. */
  ManagedChannel datasetChannel() {
    return datasetChannel;
  }

  /** A stub of the trainer's API whose calls must end within {@code seconds}. */
  TrainerServiceGrpc.TrainerServiceBlockingStub api(long seconds) {
    return TrainerServiceGrpc.newBlockingStub(apiChannel)
        .withDeadlineAfter(seconds, TimeUnit.SECONDS);
  }

  /** Submits {@code spec} under a fresh request id. */
  Run submit(RunSpec spec) {
    return api(10)
        .submitRun(
            SubmitRunRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(spec)
                .build());
  }

  /** Starts a worker over the fixture's store. */
  Worker startWorker(WorkerSettings settings) {
    return startWorker(dataSource, new SimpleMeterRegistry(), settings);
  }

  /**
   * Starts a worker over {@code store} (a test's own pool, to cut it off) reporting to {@code
   * registry}.
   */
  Worker startWorker(DataSource store, MeterRegistry registry, WorkerSettings settings) {
    Worker worker =
        TrainerHarness.worker(
            store, clock, datasetChannel, new TrainerMeters(registry), settings, scheduler);
    workers.add(worker);
    return worker.start();
  }

  @Override
  public void close() throws InterruptedException {
    workers.forEach(Worker::close);
    TrainerHarness.shutdown(apiChannel);
    TrainerHarness.shutdown(api);
    TrainerHarness.shutdown(datasetChannel);
    scheduler.shutdownNow();
  }
}
