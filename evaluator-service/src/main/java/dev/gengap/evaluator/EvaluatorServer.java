package dev.gengap.evaluator;

import com.zaxxer.hikari.HikariDataSource;
import dev.gengap.evaluator.evaluation.EvaluationLoop;
import dev.gengap.evaluator.evaluation.Evaluations;
import dev.gengap.evaluator.evaluation.EvaluatorMeters;
import dev.gengap.evaluator.evaluation.RunEvaluator;
import dev.gengap.evaluator.report.Reports;
import dev.gengap.evaluator.server.EvaluatorGrpcService;
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
import dev.gengap.store.EvaluationClaimRepository;
import dev.gengap.store.EvaluationRepository;
import dev.gengap.store.InterpolationRepository;
import dev.gengap.store.RunQueueGauges;
import dev.gengap.store.RunRepository;
import dev.gengap.store.SweepRepository;
import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * Evaluates every finished run and answers report queries over gRPC: {@code java -jar
 * evaluator-service.jar}. Start the JVM with {@code OMP_WAIT_POLICY=PASSIVE} in its environment and
 * an explicit {@code -Xmx} (docs/evaluator-service.md says why).
 */
@Command(
    name = "evaluator-service",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates every SUCCEEDED run on clean train and test data, stores the generalization"
            + " gap, and serves Table 1 and Figure 1 (gengap.v1.EvaluatorService).",
    sortOptions = false,
    defaultValueProvider = EvaluatorServer.Ports.class)
public final class EvaluatorServer implements Callable<Integer> {
  private static final int POOL_SIZE = 4;
  private static final Duration QUEUE_POLL = Duration.ofSeconds(5);

  /** Exit code when the results store cannot be reached at start: a failed start-up step. */
  @Mixin ServerOptions server;

  @Mixin SecurityOptions security;

  @Option(
      names = "--dataset-target",
      defaultValue = "${env:GENGAP_DATASET_TARGET:-localhost:50051}",
      description =
          "host:port of the dataset-service. Env GENGAP_DATASET_TARGET. Default:"
              + " ${DEFAULT-VALUE}")
  String datasetTarget;

  @Mixin DatabaseOptions database;

  @Option(
      names = "--engine",
      defaultValue = "${env:GENGAP_ENGINE:-pytorch}",
      description =
          "DJL engine (mxnet|pytorch) for runs whose spec leaves the engine unspecified;"
              + " checkpoints load on either. Env GENGAP_ENGINE. Default: ${DEFAULT-VALUE}")
  EngineName engine;

  @Option(
      names = "--poll-seconds",
      defaultValue = "${env:GENGAP_POLL_SECONDS:-5}",
      description =
          "How often to look for finished runs without an evaluation. Env GENGAP_POLL_SECONDS."
              + " Default: ${DEFAULT-VALUE}")
  double pollSeconds;

  @Option(
      names = "--batch-size",
      defaultValue = "${env:GENGAP_EVAL_BATCH_SIZE:-500}",
      description =
          "Images per evaluation batch, 1..4096. Env GENGAP_EVAL_BATCH_SIZE. Default:"
              + " ${DEFAULT-VALUE}")
  int batchSize;

  @Option(
      names = "--device-data-budget-mb",
      defaultValue = "${env:GENGAP_DEVICE_DATA_BUDGET_MB:-1024}",
      description =
          "Most MiB of evaluation splits kept on the device between evaluations, so runs on the"
              + " same data need no stream after the first (a split being streamed comes on top);"
              + " 0 = always stream. Env GENGAP_DEVICE_DATA_BUDGET_MB. Default: ${DEFAULT-VALUE}")
  long deviceDataBudgetMb;

  @Option(
      names = "--evaluator-id",
      defaultValue = "${env:GENGAP_EVALUATOR_ID:-}",
      description =
          "This replica's name in evaluation claims, unique among replicas. Env"
              + " GENGAP_EVALUATOR_ID. Default: <host name>-<pid>")
  String evaluatorId;

  enum EngineName {
    mxnet("MXNet"),
    pytorch("PyTorch");

    final String djlName;

    EngineName(String djlName) {
      this.djlName = djlName;
    }
  }

  /** This service's default ports (see {@link ServerOptions.DefaultPorts}). */
  static final class Ports extends ServerOptions.DefaultPorts {
    Ports() {
      super(50053, 9093);
    }
  }

  public static void main(String[] args) {
    // DJL: natives come from the classpath, and no telemetry call on first use (DESIGN.md §5).
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.exit(
        new CommandLine(new EvaluatorServer())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    server.require(pollSeconds > 0, "--poll-seconds: must be > 0, was " + pollSeconds);
    server.require(
        batchSize >= 1 && batchSize <= 4096, "--batch-size: must be in 1..4096, was " + batchSize);
    server.require(
        deviceDataBudgetMb >= 0,
        "--device-data-budget-mb: must be >= 0, was " + deviceDataBudgetMb);
    server.applyLogFormat();
    EvaluatorConfig config =
        new EvaluatorConfig(
            server.grpcPort(),
            server.adminPort(),
            server.drainGrace(),
            datasetTarget,
            database,
            engine.djlName,
            Duration.ofMillis(Math.round(pollSeconds * 1000)),
            batchSize,
            deviceDataBudgetMb << 20,
            evaluatorId.isBlank() ? defaultEvaluatorId() : evaluatorId,
            security.toServerSecurity());
    return config.database().exitCodeOf(() -> run(config));
  }

  static int run(EvaluatorConfig config) throws Exception {
    Logger log = LoggerFactory.getLogger(EvaluatorServer.class);
    if (!"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
      log.warn(
          "event=omp_wait_policy_not_passive hint=\"set OMP_WAIT_POLICY=PASSIVE before the JVM"
              + " starts; with both engines' OpenMP runtimes spinning, DJL runs several times"
              + " slower\"");
    }
    Clock clock = Clock.systemUTC();
    PrometheusMeterRegistry registry = ServiceMetrics.newPrometheusRegistry("evaluator");
    EvaluatorMeters meters = new EvaluatorMeters(registry);
    ScheduledExecutorService leaseRenewal =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "evaluation-lease");
              thread.setDaemon(true);
              return thread;
            });
    ManagedChannel dataset = Channels.open(config.datasetTarget(), config.security().peers());
    try (ServiceLifecycle lifecycle =
            ServiceLifecycle.drainOnSigterm("evaluator", config.drainGrace());
        HikariDataSource dataSource = config.database().openPool(POOL_SIZE, registry);
        ServerSecurity.Bound bound = config.security().bind(config.grpcPort(), "evaluator");
        RunEvaluator runEvaluator =
            new RunEvaluator(
                dataset,
                new CheckpointRepository(dataSource, clock),
                new InterpolationRepository(dataSource, clock),
                clock,
                config.engine(),
                config.batchSize(),
                config.deviceDataBudgetBytes())) {
      RunRepository runs = new RunRepository(dataSource, clock);
      EvaluationRepository evaluationRepository = new EvaluationRepository(dataSource);
      Evaluations evaluations =
          new Evaluations(
              runs,
              evaluationRepository,
              new EvaluationClaimRepository(dataSource, clock),
              runEvaluator,
              meters,
              leaseRenewal,
              clock,
              config.evaluatorId());
      Reports reports =
          new Reports(
              runs,
              new SweepRepository(dataSource, clock),
              new EpochRepository(dataSource, clock),
              evaluationRepository,
              new InterpolationRepository(dataSource, clock));
      ManagedGrpcServer grpc =
          new ManagedGrpcServer(
              bound.builder(),
              registry,
              List.of(new EvaluatorGrpcService(evaluations, reports)),
              config.security().authentication(EvaluatorGrpcService.ACCESS));
      EvaluationLoop loop = new EvaluationLoop(evaluations, config.poll());
      // The queue depth, exported here too: it must be known while no trainer runs (the
      // trainers scale to zero on an empty queue, and up again from this number).
      RunQueueGauges queueGauges = new RunQueueGauges(registry);
      // No wait for the dataset-service: reports need only the store, and an evaluation that
      // cannot reach the data fails and is retried later.
      return lifecycle
          // Flyway serializes concurrent replicas; SERVING only once the schema is current.
          .migrate(() -> Database.migrate(dataSource))
          .whenReady(
              () -> {
                loop.start();
                leaseRenewal.scheduleWithFixedDelay(
                    () -> queueGauges.poll(runs), 0, QUEUE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                log.info(
                    "event=evaluation_configured dataset={} engine={} evaluator_id={}",
                    config.datasetTarget(),
                    config.engine(),
                    config.evaluatorId());
              })
          // An evaluation in progress is abandoned; its claim's lease runs out.
          .beforeDrain(loop::close)
          .serve(grpc, new AdminServer(config.adminPort(), registry, grpc::isServing));
    } finally {
      leaseRenewal.shutdownNow();
      dataset.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static String defaultEvaluatorId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "evaluator";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
