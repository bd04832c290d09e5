package dev.gengap.plumbing;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every gengap server starts and stops, in one order: listen with health NOT_SERVING, migrate
 * the store, wait until the services it calls report SERVING, start its background work, turn
 * SERVING; then, on SIGTERM or {@link #drain()}: NOT_SERVING again, stop the background work, let
 * the calls in flight finish within the grace period, cancel what is left.
 *
 * <p>Open it before the resources the service closes on its way out (connection pool, channels), in
 * the same try-with-resources, so it is closed last: the JVM halts as soon as its shutdown hooks
 * return, so the hook waits (up to the grace period) until {@link #close()} says those resources
 * are closed — a trainer must release its run's lease before the pool goes.
 */
public final class ServiceLifecycle implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceLifecycle.class);

  /** The exit code when a start-up step (a migration, the background work) failed. */
  public static final int EXIT_STARTUP_FAILED = 3;

  // Between checks of a dependency that is not SERVING yet: 0.5 s, 1 s, … at most 10 s.
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
  private static final Duration HEALTH_CHECK_DEADLINE = Duration.ofSeconds(5);

  /** A start-up step; what it throws stops the start-up. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private record Dependency(String name, ManagedChannel channel) {}

  private final String service;
  private final Duration grace;
  private final List<Step> migrations = new ArrayList<>();
  private final List<Dependency> dependencies = new ArrayList<>();
  private final List<Step> startSteps = new ArrayList<>();
  private final List<Runnable> drainSteps = new ArrayList<>();
  private final CountDownLatch drainRequested = new CountDownLatch(1);
  private final CountDownLatch drained = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Object lock = new Object();
  private Thread shutdownHook;
  // Set under lock: what drain() has to stop, once serve() has started it.
  private ManagedGrpcServer grpc;
  private boolean draining;

  /**
   * @param service the name in log lines ({@code dataset}, {@code trainer}, {@code evaluator})
   * @param grace how long calls in flight may take to finish once draining has begun
   */
  public ServiceLifecycle(String service, Duration grace) {
    this.service = Objects.requireNonNull(service, "service");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace: must be >= 0, was " + grace);
    }
    this.grace = grace;
  }

  /** A lifecycle that drains when the JVM is asked to stop (SIGTERM, Ctrl-C). */
  public static ServiceLifecycle drainOnSigterm(String service, Duration grace) {
    ServiceLifecycle lifecycle = new ServiceLifecycle(service, grace);
    lifecycle.shutdownHook = new Thread(lifecycle::drainAndAwaitClose, service + "-shutdown");
    Runtime.getRuntime().addShutdownHook(lifecycle.shutdownHook);
    return lifecycle;
  }

  /**
   * Runs {@code migration} after the port opens and before anything else: the schema must be
   * current before work starts. Its failure ends the start-up with {@link #EXIT_STARTUP_FAILED}.
   */
  public ServiceLifecycle migrate(Step migration) {
    migrations.add(migration);
    return this;
  }

  /** Waits, after the migrations, until {@code name} reports SERVING on grpc.health.v1. */
  public ServiceLifecycle dependsOn(String name, ManagedChannel channel) {
    dependencies.add(new Dependency(name, channel));
    return this;
  }

  /** Starts background work (workers, schedules) once the dependencies are ready. */
  public ServiceLifecycle whenReady(Step start) {
    startSteps.add(start);
    return this;
  }

  /**
   * Stops background work when draining begins, before the server stops taking calls (a trainer
   * checkpoints its run and releases the lease, so another trainer takes it over at once).
   */
  public ServiceLifecycle beforeDrain(Runnable stop) {
    drainSteps.add(stop);
    return this;
  }

  /**
   * Starts {@code grpc} and {@code admin}, runs the start-up steps, turns SERVING and blocks until
   * the service has drained.
   *
   * @return 0 after a drain (also one asked for during start-up), {@link #EXIT_STARTUP_FAILED} when
   *     a port could not be opened or a migration or start step failed
   */
  public int serve(ManagedGrpcServer grpc, AdminServer admin) throws InterruptedException {
    synchronized (lock) {
      if (draining) {
        log.info("event=start_abandoned service={} reason=draining", service);
        return 0;
      }
      try {
        admin.start();
        grpc.start();
      } catch (IOException e) {
        // A port in use, or an address this host does not have.
        admin.close();
        log.error(
            "event=startup_failed service={} step=listen error=\"{}\" exit_code={}",
            service,
            oneLine(e),
            EXIT_STARTUP_FAILED);
        return EXIT_STARTUP_FAILED;
      }
      this.grpc = grpc;
    }
    log.info(
        "event=starting service={} grpc_port={} admin_port={}", service, grpc.port(), admin.port());
    try {
      if (!run("migrate", migrations)) {
        return EXIT_STARTUP_FAILED;
      }
      if (!awaitDependencies()) {
        return 0; // drained while waiting
      }
      if (!run("start", startSteps)) {
        return EXIT_STARTUP_FAILED;
      }
      synchronized (lock) {
        if (draining) {
          return 0;
        }
        grpc.markServing();
      }
      log.info("event=serving service={} grpc_port={}", service, grpc.port());
      drained.await();
      return 0;
    } finally {
      drain();
      admin.close();
    }
  }

  /**
   * Health to NOT_SERVING for good, the background work stopped, no new calls; the calls in flight
   * get the grace period, then are cancelled. Safe to call more than once and from any thread;
   * returns when the server has stopped.
   */
  public void drain() {
    ManagedGrpcServer server;
    synchronized (lock) {
      if (draining) {
        server = null;
      } else {
        draining = true;
        server = grpc;
      }
    }
    if (server == null) {
      // Draining already, or nothing started: wake a start-up that waits for a dependency.
      drainRequested.countDown();
      awaitDrained();
      return;
    }
    long started = System.nanoTime();
    log.info("event=draining service={} grace_seconds={}", service, grace.toSeconds());
    drainRequested.countDown();
    server.enterNotServing();
    try {
      for (Runnable step : drainSteps) {
        step.run();
      }
    } catch (RuntimeException e) {
      log.error("event=drain_step_failed service={} error=\"{}\"", service, e.toString(), e);
    } finally {
      boolean forced = server.stop(grace);
      log.info(
          "event=drained service={} seconds={} calls_cancelled={}",
          service,
          String.format("%.1f", (System.nanoTime() - started) / 1e9),
          forced);
      drained.countDown();
    }
  }

  /** Says the resources opened after this lifecycle are closed: the shutdown hook may return. */
  @Override
  public void close() {
    closed.countDown();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is stopping already, the hook is running: nothing to remove.
      }
    }
  }

  private void drainAndAwaitClose() {
    drain();
    try {
      if (!closed.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("event=close_timeout service={} grace_seconds={}", service, grace.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitDrained() {
    synchronized (lock) {
      if (grpc == null) {
        // Never started: there is nothing to wait for.
        drained.countDown();
        return;
      }
    }
    try {
      drained.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code steps}; false (logged) when one failed. */
  private boolean run(String name, List<Step> steps) {
    for (Step step : steps) {
      long started = System.nanoTime();
      try {
        step.run();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        log.error(
            "event=startup_failed service={} step={} error=\"{}\" exit_code={}",
            service,
            name,
            oneLine(e),
            EXIT_STARTUP_FAILED,
            e);
        return false;
      }
      log.info(
          "event=startup_step_done service={} step={} seconds={}",
          service,
          name,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }
    return true;
  }

  /** False when a drain was asked for while waiting. */
  private boolean awaitDependencies() throws InterruptedException {
    for (Dependency dependency : dependencies) {
      if (!awaitServing(dependency)) {
        return false;
      }
    }
    return true;
  }

  private boolean awaitServing(Dependency dependency) throws InterruptedException {
    HealthCheckRequest everything = HealthCheckRequest.getDefaultInstance();
    for (int attempt = 1; drainRequested.getCount() > 0; attempt++) {
      String state;
      try {
        ServingStatus status =
            HealthGrpc.newBlockingStub(dependency.channel())
                .withDeadlineAfter(HEALTH_CHECK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .check(everything)
                .getStatus();
        if (status == ServingStatus.SERVING) {
          log.info(
              "event=dependency_serving service={} dependency={} attempts={}",
              service,
              dependency.name(),
              attempt);
          return true;
        }
        state = status.name();
      } catch (StatusRuntimeException e) {
        state = e.getStatus().getCode().name();
      }
      log.info(
          "event=dependency_not_ready service={} dependency={} state={} attempt={}",
          service,
          dependency.name(),
          state,
          attempt);
      long wait = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() * attempt);
      if (drainRequested.await(wait, TimeUnit.MILLISECONDS)) {
        break;
      }
      // The channel backs off its reconnects on its own (up to two minutes); the next check
      // should find a dependency that has just come up.
      dependency.channel().resetConnectBackoff();
    }
    log.info(
        "event=start_abandoned service={} reason=draining waiting_for={}",
        service,
        dependency.name());
    return false;
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    return message.replaceAll("\\s*\\R\\s*", " ").replace('"', '\'');
  }
}
