package dev.gengap.trainer;

import com.zaxxer.hikari.HikariDataSource;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.plumbing.AdminServer;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.plumbing.ServerOptions;
import dev.gengap.plumbing.ServiceLifecycle;
import dev.gengap.plumbing.ServiceMetrics;
import dev.gengap.plumbing.security.Channels;
import dev.gengap.plumbing.security.SecurityOptions;
import dev.gengap.plumbing.security.ServerSecurity;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.Database;
import dev.gengap.store.DatabaseOptions;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.InterpolationRepository;
import dev.gengap.store.RunQueueGauges;
import dev.gengap.store.RunRepository;
import dev.gengap.store.SweepRepository;
import dev.gengap.trainer.queue.LeaseReaper;
import dev.gengap.trainer.queue.RunQueue;
import dev.gengap.trainer.server.RunWatcher;
import dev.gengap.trainer.server.TrainerGrpcService;
import dev.gengap.trainer.training.DatasetClient;
import dev.gengap.trainer.training.DefaultDevice;
import dev.gengap.trainer.training.Tf32;
import dev.gengap.trainer.training.TrainerMeters;
import dev.gengap.trainer.training.Worker;
import dev.gengap.trainer.training.WorkerSettings;
import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The trainer: the run queue's gRPC API and a worker that trains claimed runs with DJL. {@code java
 * -Xmx1g -jar trainer-service.jar} with {@code OMP_WAIT_POLICY=PASSIVE} in the environment.
 */
@Command(
    name = "trainer-service",
    mixinStandardHelpOptions = true,
    description =
        "Queues runs (gengap.v1.TrainerService) in PostgreSQL and trains them with DJL, one run"
            + " at a time, from batches streamed by the dataset-service.",
    sortOptions = false,
    defaultValueProvider = TrainerServer.Ports.class)
public final class TrainerServer implements Callable<Integer> {
  private static final Duration STORE_POLL = Duration.ofSeconds(5);
  private static final Duration WATCH_POLL = Duration.ofMillis(500);
  private static final Duration DATASET_CALL_DEADLINE = Duration.ofSeconds(30);
  private static final int POOL_SIZE = 8;

  @Mixin ServerOptions server;

  @Mixin SecurityOptions security;

  @Option(
      names = "--dataset-target",
      defaultValue = "${env:GENGAP_DATASET_TARGET:-localhost:50051}",
      description =
          "dataset-service host:port. Env GENGAP_DATASET_TARGET. Default: ${DEFAULT-VALUE}")
  String datasetTarget;

  @Mixin DatabaseOptions database;

  @Option(
      names = "--engine",
      defaultValue = "${env:GENGAP_ENGINE:-pytorch}",
      description =
          "DJL engine for runs whose spec leaves it unspecified: mxnet or pytorch. Env"
              + " GENGAP_ENGINE. Default: ${DEFAULT-VALUE}")
  EngineName engine;

  @Option(
      names = "--device",
      defaultValue = "${env:GENGAP_DEVICE:-auto}",
      description =
          "Device for runs whose spec leaves it unspecified: auto (GPU if the engine sees one),"
              + " cpu or gpu. Env GENGAP_DEVICE. Default: ${DEFAULT-VALUE}")
  DefaultDevice device;

  @Option(
      names = "--worker-id",
      defaultValue = "${env:GENGAP_WORKER_ID:-}",
      description =
          "Lease owner name, unique per trainer. Env GENGAP_WORKER_ID. Default: host name")
  String workerId;

  @Option(
      names = "--lease-seconds",
      defaultValue = "${env:GENGAP_LEASE_SECONDS:-60}",
      description =
          "A claimed run's lease, renewed every third of it; a dead trainer's run is resumed by"
              + " another after this. Env GENGAP_LEASE_SECONDS. Default: ${DEFAULT-VALUE}")
  int leaseSeconds;

  @Option(
      names = "--poll-seconds",
      defaultValue = "${env:GENGAP_POLL_SECONDS:-2}",
      description =
          "How often an idle worker looks for runs and a busy one reads the cancel flag. Env"
              + " GENGAP_POLL_SECONDS. Default: ${DEFAULT-VALUE}")
  int pollSeconds;

  @Option(
      names = "--epoch-deadline-minutes",
      defaultValue = "${env:GENGAP_EPOCH_DEADLINE_MINUTES:-240}",
      description =
          "Deadline of one epoch's stream from the dataset-service (it spans the epoch's"
              + " training). Env GENGAP_EPOCH_DEADLINE_MINUTES. Default: ${DEFAULT-VALUE}")
  int epochDeadlineMinutes;

  @Option(
      names = "--device-data-budget-mb",
      defaultValue = "${env:GENGAP_DEVICE_DATA_BUDGET_MB:-1024}",
      description =
          "Most MiB of a run's training split kept on its device after the first epoch, so later"
              + " epochs need no stream (runs without random crop); 0 = always stream. Env"
              + " GENGAP_DEVICE_DATA_BUDGET_MB. Default: ${DEFAULT-VALUE}")
  long deviceDataBudgetMb;

  @Option(
      names = "--interpolation-memory-mb",
      defaultValue = "${env:GENGAP_INTERPOLATION_MEMORY_MB:-0}",
      description =
          "Most MiB an interpolating run's fit may use (the Gaussian kernel's n × n matrices);"
              + " a run that needs more is refused at submission (data.train_subset) or fails at"
              + " once on this trainer. 0 = the JVM's maximum heap. Env"
              + " GENGAP_INTERPOLATION_MEMORY_MB. Default: ${DEFAULT-VALUE}")
  long interpolationMemoryMb;

  @Option(
      names = "--tf32",
      defaultValue = "${env:GENGAP_TF32:-off}",
      description =
          "Whether this process lets its GPU use TF32 in matmuls and convolutions (changes"
              + " numerics): off (full float32) or on. Set by the environment (off:"
              + " NVIDIA_TF32_OVERRIDE=0; on: TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1), checked at"
              + " start on a GPU; the trainer claims only runs whose allow_tf32 matches. No effect"
              + " on a CPU. Env GENGAP_TF32. Default: ${DEFAULT-VALUE}")
  Tf32 tf32;

  enum EngineName {
    mxnet,
    pytorch
  }

  /** This service's default ports (see {@link ServerOptions.DefaultPorts}). */
  static final class Ports extends ServerOptions.DefaultPorts {
    Ports() {
      super(50052, 9092);
    }
  }

  public static void main(String[] args) {
    // DJL must never reach the network: natives come from the classpath, no telemetry.
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.exit(
        new CommandLine(new TrainerServer())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    server.require(leaseSeconds >= 3, "--lease-seconds: must be >= 3, was " + leaseSeconds);
    server.require(
        pollSeconds >= 1 && pollSeconds < leaseSeconds,
        "--poll-seconds: must be in 1.." + (leaseSeconds - 1) + ", was " + pollSeconds);
    server.require(
        epochDeadlineMinutes >= 1,
        "--epoch-deadline-minutes: must be >= 1, was " + epochDeadlineMinutes);
    server.require(
        deviceDataBudgetMb >= 0,
        "--device-data-budget-mb: must be >= 0, was " + deviceDataBudgetMb);
    server.require(
        interpolationMemoryMb >= 0,
        "--interpolation-memory-mb: must be >= 0, was " + interpolationMemoryMb);
    try {
      // The worker checks it again; here a mismatch is a flag error, not a stack trace.
      tf32.capabilities(TrainingSession.seesGpu(engine.name()), engine.name(), System.getenv());
    } catch (IllegalArgumentException e) {
      server.require(false, e.getMessage());
    }
    server.applyLogFormat();
    TrainerConfig config =
        new TrainerConfig(
            server.grpcPort(),
            server.adminPort(),
            server.drainGrace(),
            datasetTarget,
            database,
            engine.name(),
            device,
            workerId.isEmpty() ? hostName() : workerId,
            Duration.ofSeconds(leaseSeconds),
            Duration.ofSeconds(pollSeconds),
            Duration.ofMinutes(epochDeadlineMinutes),
            deviceDataBudgetMb << 20,
            interpolationMemoryMb == 0
                ? Runtime.getRuntime().maxMemory()
                : interpolationMemoryMb << 20,
            tf32,
            security.toServerSecurity());
    return config.database().exitCodeOf(() -> run(config));
  }

  static int run(TrainerConfig config) throws Exception {
    Logger log = LoggerFactory.getLogger(TrainerServer.class);
    Clock clock = Clock.systemUTC();
    PrometheusMeterRegistry registry = ServiceMetrics.newPrometheusRegistry("trainer");
    TrainerMeters meters = new TrainerMeters(registry);
    RunQueueGauges queueGauges = new RunQueueGauges(registry);
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(2, daemon("trainer-scheduler"));
    ManagedChannel datasetChannel =
        Channels.open(config.datasetTarget(), config.security().peers());
    try (ServiceLifecycle lifecycle =
            ServiceLifecycle.drainOnSigterm("trainer", config.drainGrace());
        HikariDataSource pool = config.database().openPool(POOL_SIZE, registry);
        ServerSecurity.Bound bound = config.security().bind(config.grpcPort(), "trainer")) {
      RunRepository runs = new RunRepository(pool, clock);
      EpochRepository epochs = new EpochRepository(pool, clock);
      RunQueue queue =
          new RunQueue(
              runs, epochs, new SweepRepository(pool, clock), config.interpolationMemoryBytes());
      ManagedGrpcServer grpc =
          new ManagedGrpcServer(
              bound.builder(),
              registry,
              List.of(new TrainerGrpcService(queue, new RunWatcher(queue, scheduler, WATCH_POLL))),
              config.security().authentication(TrainerGrpcService.ACCESS));
      Worker worker =
          new Worker(
              runs,
              epochs,
              new CheckpointRepository(pool, clock),
              new InterpolationRepository(pool, clock),
              new DatasetClient(datasetChannel, DATASET_CALL_DEADLINE, config.epochDeadline()),
              meters,
              WorkerSettings.of(
                      config.workerId(),
                      config.engine(),
                      config.device(),
                      config.lease(),
                      config.poll())
                  .withDeviceDataBudget(config.deviceDataBudgetBytes())
                  .withInterpolationMemory(config.interpolationMemoryBytes())
                  .withTf32(config.tf32()),
              scheduler,
              clock);
      return lifecycle
          .migrate(() -> Database.migrate(pool))
          .dependsOn("dataset", datasetChannel)
          .whenReady(
              () -> {
                scheduler.scheduleWithFixedDelay(
                    () -> queueGauges.poll(runs), 0, STORE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                // Every poll: a cancelled run whose trainer died ends within one lease (plus a
                // poll).
                scheduler.scheduleWithFixedDelay(
                    new LeaseReaper(runs),
                    config.poll().toMillis(),
                    config.poll().toMillis(),
                    TimeUnit.MILLISECONDS);
                worker.start();
                log.info(
                    "event=worker_started worker={} engine={} device={}",
                    config.workerId(),
                    config.engine(),
                    config.device());
              })
          // Training stops first (checkpoint + release within one batch), so another trainer can
          // take the run over at once; then the server stops taking calls.
          .beforeDrain(worker::close)
          .serve(grpc, new AdminServer(config.adminPort(), registry, grpc::isServing));
    } finally {
      scheduler.shutdownNow();
      datasetChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      return "trainer-" + ProcessHandle.current().pid();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
