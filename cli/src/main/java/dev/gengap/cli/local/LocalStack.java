package dev.gengap.cli.local;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.plumbing.security.Channels;
import dev.gengap.plumbing.security.ClientSecurity;
import dev.gengap.store.EmbeddedDatabase;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * gengap on one machine: an embedded PostgreSQL and the three services as child processes launched
 * from their jars. {@link #start} returns once every service reports SERVING; {@link #close} stops
 * the trainers and the evaluator (SIGTERM, then SIGKILL after a grace period), then the dataset
 * service, then the database.
 */
public final class LocalStack implements AutoCloseable {
  /** A trainer checkpoints and releases its run on SIGTERM; the dataset service drains streams. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(40);

  private static final Duration POLL = Duration.ofMillis(250);
  private static final int LOG_TAIL_LINES = 15;

  /** One running service instance as the user sees it. */
  public record Instance(
      String name, Service service, String host, int grpcPort, int adminPort, Path log) {
    public String target() {
      return host + ":" + grpcPort;
    }
  }

  private final StackPlan plan;
  private final PrintWriter err;
  private final Map<Instance, ChildProcess> children =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private Path throwAwayPostgresDir;
  private volatile EmbeddedDatabase database;
  private volatile boolean started;
  private volatile boolean closing;

  private LocalStack(StackPlan plan, PrintWriter err) {
    this.plan = plan;
    this.err = err;
  }

  /**
   * A stack for {@code plan}, not yet started. Fails with a clear message when a service jar is
   * missing.
   *
   * @param err where to report a service that exits later without being asked to
   */
  public static LocalStack create(StackPlan plan, PrintWriter err) {
    for (Service service : Service.values()) {
      Path jar = plan.jar(service);
      if (!Files.isRegularFile(jar)) {
        throw new CliException(
            ExitCode.FAILED,
            jar + " is missing: run ./mvnw -B package -DskipTests first (in " + plan.home() + ")");
      }
    }
    return new LocalStack(plan, err);
  }

  /**
   * Starts the database and the services and waits until all are SERVING. On failure, stops what
   * was started and throws a {@link CliException} naming the service and its log file. May run
   * while another thread calls {@link #close()} (a shutdown hook): then it stops early.
   */
  public void start() {
    try {
      startDatabase();
      launch(instance(Service.DATASET, 1));
      awaitServing();
      for (int trainer = 1; trainer <= plan.trainers(); trainer++) {
        launch(instance(Service.TRAINER, trainer));
      }
      launch(instance(Service.EVALUATOR, 1));
      awaitServing();
      started = true;
    } catch (RuntimeException | IOException e) {
      close();
      if (e instanceof CliException cli) {
        throw cli;
      }
      throw new CliException(ExitCode.FAILED, "local stack did not start: " + e.getMessage());
    }
  }

  public List<Instance> instances() {
    return List.copyOf(snapshot().keySet());
  }

  public String trainerTarget() {
    return plan.connectHost() + ":" + plan.ports().trainerGrpc();
  }

  public String evaluatorTarget() {
    return plan.connectHost() + ":" + plan.ports().evaluatorGrpc();
  }

  public String datasetTarget() {
    return plan.connectHost() + ":" + plan.ports().datasetGrpc();
  }

  /** How the CLI calls this stack: with the user's token, over loopback plaintext. */
  public ClientSecurity userSecurity() {
    return plan.credentials().userSecurity();
  }

  public String jdbcUrl() {
    return database.jdbcUrl();
  }

  /** The process ids of the services, e.g. to check that they are gone after {@link #close()}. */
  public List<Long> pids() {
    return snapshot().values().stream().map(ChildProcess::pid).toList();
  }

  private Instance instance(Service service, int number) {
    StackPorts ports = plan.ports();
    return switch (service) {
      case DATASET ->
          new Instance(
              "dataset",
              service,
              plan.connectHost(),
              ports.datasetGrpc(),
              ports.datasetAdmin(),
              log("dataset"));
      case TRAINER ->
          new Instance(
              "trainer-" + number,
              service,
              plan.connectHost(),
              ports.trainerGrpc(number),
              ports.trainerAdmin(number),
              log("trainer-" + number));
      case EVALUATOR ->
          new Instance(
              "evaluator",
              service,
              plan.connectHost(),
              ports.evaluatorGrpc(),
              ports.evaluatorAdmin(),
              log("evaluator"));
    };
  }

  private Path log(String name) {
    return plan.logDir().resolve(name + ".log");
  }

  private void checkNotClosing() {
    if (closing) {
      throw new CliException(ExitCode.FAILED, "stopped while starting");
    }
  }

  private void startDatabase() throws IOException {
    Path dataDir;
    if (plan.postgresDir().isPresent()) {
      dataDir = plan.postgresDir().get();
      Files.createDirectories(dataDir.getParent());
    } else {
      throwAwayPostgresDir = Files.createTempDirectory("gengap-postgres-");
      dataDir = throwAwayPostgresDir;
    }
    try {
      // One connection: the stack itself runs no queries (the services migrate the schema).
      database = EmbeddedDatabase.startPersistent(dataDir, plan.ports().postgres(), 1);
      checkNotClosing();
    } catch (UncheckedIOException e) {
      throw new CliException(
          ExitCode.FAILED,
          "PostgreSQL did not start on port "
              + plan.ports().postgres()
              + " with data in "
              + dataDir
              + " (--db-port, --state-dir): "
              + rootMessage(e));
    }
  }

  private void launch(Instance instance) throws IOException {
    checkNotClosing();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap(instance.service()));
    if (instance.service().trainsOrEvaluates()) {
      command.add("-Dai.djl.offline=true");
    }
    command.add("-jar");
    command.add(plan.jar(instance.service()).toString());
    command.addAll(List.of("--grpc-port", Integer.toString(instance.grpcPort())));
    command.addAll(List.of("--admin-port", Integer.toString(instance.adminPort())));
    // Plaintext, chosen here explicitly (the services log it as a warning), on 127.0.0.1 unless
    // --listen says otherwise; every call still needs a token.
    command.addAll(List.of("--listen", plan.listen(), "--plaintext"));
    command.addAll(List.of("--identities", plan.credentials().identities().toString()));
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("GENGAP_LOG_FORMAT", "text");
    switch (instance.service()) {
      case DATASET -> {
        // CifarData has fetched what was missing before the stack started.
        command.addAll(List.of("--data-dir", plan.data().dir().toString(), "--no-download"));
        // The dataset-service names each MNIST-format data set's flag after it: --mnist-dir,
        // --fashion-mnist-dir.
        plan.data()
            .idxDirs()
            .forEach(
                (dataset, dir) -> command.addAll(List.of("--" + dataset + "-dir", dir.toString())));
      }
      case TRAINER, EVALUATOR -> {
        command.addAll(List.of("--dataset-target", datasetTarget()));
        command.addAll(List.of("--jdbc-url", database.jdbcUrl()));
        command.addAll(List.of("--db-user", "postgres"));
        command.addAll(List.of("--engine", plan.engine()));
        // Kept out of the command line, which every local user can read.
        environment.put("GENGAP_DB_PASSWORD", "");
        environment.put("DJL_OFFLINE", "true");
        environment.put("OPT_OUT_TRACKING", "true");
        // Without it, the OpenMP threads of the two engines busy-wait beside each other and
        // every step is several times slower (docs/learning.md).
        environment.put("OMP_WAIT_POLICY", "PASSIVE");
        if (plan.threadsPerTrainer() > 0) {
          environment.put("OMP_NUM_THREADS", Integer.toString(plan.threadsPerTrainer()));
        }
        if (instance.service() == Service.TRAINER) {
          environment.put("GENGAP_WORKER_ID", "local-" + instance.name());
          command.addAll(List.of("--token-file", plan.credentials().trainerToken().toString()));
        } else {
          command.addAll(List.of("--token-file", plan.credentials().evaluatorToken().toString()));
        }
      }
    }
    ChildProcess child = ChildProcess.launch(instance.name(), command, environment, instance.log());
    children.put(instance, child);
    if (closing) {
      // close() ran while this process started and could not see it.
      child.process().destroyForcibly();
      checkNotClosing();
    }
    child
        .process()
        .onExit()
        .thenAccept(
            process -> {
              // While starting, start() reports the failure itself, with the log's tail.
              if (started && !closing) {
                err.println(
                    "gengap local: "
                        + instance.name()
                        + " exited (code "
                        + process.exitValue()
                        + "); its log: "
                        + instance.log());
                err.flush();
              }
            });
  }

  private String heap(Service service) {
    return switch (service) {
      // The data set (~185 MB) and a few corrupted variants.
      case DATASET -> "1g";
      // DJL's tensors live off-heap; a bounded heap keeps direct-buffer growth in check.
      case TRAINER, EVALUATOR -> plan.workerHeap();
    };
  }

  /** Waits until every launched service reports SERVING. */
  private void awaitServing() {
    for (Map.Entry<Instance, ChildProcess> entry : snapshot().entrySet()) {
      awaitServing(entry.getKey(), entry.getValue());
    }
  }

  private Map<Instance, ChildProcess> snapshot() {
    synchronized (children) {
      return new LinkedHashMap<>(children);
    }
  }

  private void awaitServing(Instance instance, ChildProcess child) {
    long deadline = System.nanoTime() + plan.startupTimeout().toNanos();
    ManagedChannel channel = Channels.open(instance.target(), ClientSecurity.plaintext());
    try {
      HealthProbe probe = new HealthProbe(channel);
      while (true) {
        checkNotClosing();
        if (!child.isAlive()) {
          throw failure(
              instance,
              child,
              instance.name() + " exited with code " + child.exitValue() + " before it was ready");
        }
        if (probe.status() == ServingStatus.SERVING) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw failure(
              instance,
              child,
              instance.name()
                  + " did not report SERVING on "
                  + instance.target()
                  + " within "
                  + plan.startupTimeout().toSeconds()
                  + " s (--startup-timeout)");
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILED, "interrupted while starting " + instance.name());
    } finally {
      channel.shutdownNow();
    }
  }

  private static CliException failure(Instance instance, ChildProcess child, String what) {
    return new CliException(
        ExitCode.FAILED,
        what
            + "; its log: "
            + instance.log()
            + "\n--- last lines of "
            + instance.log().getFileName()
            + " ---\n"
            + child.logTail(LOG_TAIL_LINES));
  }

  /**
   * Stops the trainers and the evaluator together, then the dataset service they read from, then
   * PostgreSQL they write to: each service can finish its shutdown (a trainer releases its run)
   * while what it depends on is still up.
   */
  @Override
  public synchronized void close() {
    closing = true;
    Map<Instance, ChildProcess> children = snapshot();
    List<ChildProcess> clients =
        children.entrySet().stream()
            .filter(e -> e.getKey().service() != Service.DATASET)
            .map(Map.Entry::getValue)
            .toList();
    List<ChildProcess> dataset =
        children.entrySet().stream()
            .filter(e -> e.getKey().service() == Service.DATASET)
            .map(Map.Entry::getValue)
            .toList();
    stop(clients);
    stop(dataset);
    // Safe to run twice: a failed start closes what a shutdown hook's close could not yet see.
    EmbeddedDatabase db = database;
    database = null;
    if (db != null) {
      db.close();
    }
    if (throwAwayPostgresDir != null && Files.exists(throwAwayPostgresDir)) {
      deleteRecursively(throwAwayPostgresDir);
    }
  }

  private void stop(List<ChildProcess> group) {
    group.forEach(ChildProcess::requestStop);
    for (ChildProcess child : group) {
      try {
        if (!child.awaitExitOrKill(STOP_GRACE)) {
          err.println(
              "gengap local: "
                  + child.name()
                  + " did not stop within "
                  + STOP_GRACE.toSeconds()
                  + " s; killed");
          err.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        child.process().destroyForcibly();
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }
}
