package dev.gengap.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gengap.plumbing.security.Channels;
import dev.gengap.plumbing.security.ClientSecurity;
import dev.gengap.plumbing.security.ServerSecurity;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link ServiceLifecycle} with real servers on real sockets: a dependency that comes up late, a
 * migration that fails, a drain that lets a call in flight finish and one that cancels a call which
 * outlasts the grace period.
 */
class ServiceLifecycleIT {
  private static final MethodDescriptor<String, String> SLOW =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.Slow/Call")
          .setRequestMarshaller(new Utf8Marshaller())
          .setResponseMarshaller(new Utf8Marshaller())
          .build();

  private final ExecutorService background = Executors.newCachedThreadPool();
  private final List<AutoCloseable> open = new ArrayList<>();
  // The slow method answers once this is released; entered counts the calls it has begun.
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch entered = new CountDownLatch(1);

  /** Answers "done: <request>" once {@link #release} is counted down. */
  private final BindableService slowService =
      () ->
          ServerServiceDefinition.builder("test.Slow")
              .addMethod(
                  SLOW,
                  ServerCalls.asyncUnaryCall(
                      (request, observer) -> {
                        entered.countDown();
                        try {
                          release.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        observer.onNext("done: " + request);
                        observer.onCompleted();
                      }))
              .build();

  private int grpcPort;
  private int adminPort;
  private ManagedChannel channel;

  @AfterEach
  void close() throws Exception {
    release.countDown();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    background.shutdownNow();
  }

  @Test
  void waitsForADependencyThatComesUpLateBeforeServing() throws Exception {
    int dependencyPort = freePort();
    ManagedChannel dependencyChannel = channel(dependencyPort);
    AtomicBoolean workStarted = new AtomicBoolean();
    ServiceLifecycle lifecycle =
        new ServiceLifecycle("test", Duration.ofSeconds(5))
            .dependsOn("dataset", dependencyChannel)
            .whenReady(() -> workStarted.set(true));

    Future<Integer> exit = serve(lifecycle);

    awaitTrue(() -> healthOrNull() == ServingStatus.NOT_SERVING, "the port to open");
    // Nothing listens on the dependency's port yet: several checks fail, health stays put.
    Thread.sleep(1500);
    assertThat(healthOrNull()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(readyz()).isEqualTo(503);
    assertThat(workStarted).isFalse();

    ManagedGrpcServer dependency = startedServer(dependencyPort, List.of());
    open.add(dependency);
    Thread.sleep(500);
    assertThat(healthOrNull())
        .as("the dependency is up but NOT_SERVING")
        .isEqualTo(ServingStatus.NOT_SERVING);
    dependency.markServing();

    awaitTrue(() -> healthOrNull() == ServingStatus.SERVING, "SERVING after the dependency");
    assertThat(workStarted).isTrue();
    assertThat(readyz()).isEqualTo(200);

    lifecycle.drain();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aFailedMigrationStopsTheStartWithAClearErrorAndExitCode() throws Exception {
    CountDownLatch migrating = new CountDownLatch(1);
    CountDownLatch fail = new CountDownLatch(1);
    AtomicBoolean workStarted = new AtomicBoolean();
    ListAppender<ILoggingEvent> logs = captureLogs();
    ServiceLifecycle lifecycle =
        new ServiceLifecycle("test", Duration.ofSeconds(5))
            .migrate(
                () -> {
                  migrating.countDown();
                  fail.await();
                  throw new IllegalStateException(
                      "Migration V4__reader_role.sql failed\nSQL State: 42501\n  Message:"
                          + " permission denied for schema public");
                })
            .whenReady(() -> workStarted.set(true));

    Future<Integer> exit = serve(lifecycle);

    assertThat(migrating.await(10, TimeUnit.SECONDS)).isTrue();
    awaitTrue(() -> healthOrNull() != null, "the port to open");
    assertThat(healthOrNull()).isEqualTo(ServingStatus.NOT_SERVING);
    fail.countDown();

    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ServiceLifecycle.EXIT_STARTUP_FAILED);
    assertThat(workStarted).isFalse();
    assertThatThrownBy(this::health)
        .as("the port is closed again")
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(logs.list)
        .map(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            line ->
                assertThat(line)
                    .isEqualTo(
                        "event=startup_failed service=test step=migrate error=\"Migration"
                            + " V4__reader_role.sql failed SQL State: 42501 Message: permission"
                            + " denied for schema public\" exit_code=3"));
  }

  @Test
  void aPortInUseStopsTheStartWithTheExitCode() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerSecurity.Bound bound =
          ServerSecurity.insecureLoopback().bind(taken.getLocalPort(), "test");
      open.add(bound);
      var registry = ServiceMetrics.newPrometheusRegistry("test");
      ManagedGrpcServer grpc = new ManagedGrpcServer(bound.builder(), registry, List.of());
      ServiceLifecycle lifecycle = new ServiceLifecycle("test", Duration.ofSeconds(5));
      open.add(lifecycle);

      int exit = lifecycle.serve(grpc, new AdminServer(freePort(), registry, grpc::isServing));

      assertThat(exit).isEqualTo(ServiceLifecycle.EXIT_STARTUP_FAILED);
    }
  }

  @Test
  void drainLetsACallInFlightFinishAndRefusesNewOnes() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    ServiceLifecycle lifecycle =
        new ServiceLifecycle("test", Duration.ofSeconds(20))
            .beforeDrain(() -> order.add("background work stopped"));
    Future<Integer> exit = serve(lifecycle, List.of(slowService));
    awaitTrue(() -> healthOrNull() == ServingStatus.SERVING, "SERVING");
    CompletableFuture<String> inFlight = callInBackground("first");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    CompletableFuture<Void> draining = CompletableFuture.runAsync(lifecycle::drain, background);

    awaitTrue(() -> readyz() == 503, "/readyz to turn 503");
    awaitTrue(() -> callRefused("second"), "new calls to be refused");
    assertThat(order).containsExactly("background work stopped");
    assertThat(inFlight).isNotDone();
    assertThat(draining).isNotDone();

    release.countDown();

    assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("done: first");
    draining.get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void drainCancelsACallThatOutlastsTheGracePeriod() throws Exception {
    ServiceLifecycle lifecycle = new ServiceLifecycle("test", Duration.ofSeconds(1));
    Future<Integer> exit = serve(lifecycle, List.of(slowService));
    awaitTrue(() -> healthOrNull() == ServingStatus.SERVING, "SERVING");
    CompletableFuture<String> inFlight = callInBackground("stuck");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    lifecycle.drain();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
    assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StatusRuntimeException.class)
        .cause()
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED));
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aDrainAskedForWhileWaitingForADependencyEndsTheStartAtOnce() throws Exception {
    AtomicBoolean workStarted = new AtomicBoolean();
    ServiceLifecycle lifecycle =
        new ServiceLifecycle("test", Duration.ofSeconds(5))
            .dependsOn("dataset", channel(freePort()))
            .whenReady(() -> workStarted.set(true));
    Future<Integer> exit = serve(lifecycle);
    awaitTrue(() -> healthOrNull() == ServingStatus.NOT_SERVING, "the port to open");

    lifecycle.drain();

    assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
    assertThat(workStarted).isFalse();
  }

  private Future<Integer> serve(ServiceLifecycle lifecycle) throws IOException {
    return serve(lifecycle, List.of());
  }

  /** Runs {@code lifecycle.serve} on a new server at free ports, as a main would. */
  private Future<Integer> serve(ServiceLifecycle lifecycle, List<BindableService> services)
      throws IOException {
    grpcPort = freePort();
    adminPort = freePort();
    channel = channel(grpcPort);
    ServerSecurity.Bound bound = ServerSecurity.insecureLoopback().bind(grpcPort, "test");
    open.add(bound);
    var registry = ServiceMetrics.newPrometheusRegistry("test");
    ManagedGrpcServer grpc = new ManagedGrpcServer(bound.builder(), registry, services);
    open.add(lifecycle);
    open.add(lifecycle::drain);
    return background.submit(
        () -> lifecycle.serve(grpc, new AdminServer(adminPort, registry, grpc::isServing)));
  }

  private ManagedGrpcServer startedServer(int port, List<BindableService> services)
      throws IOException {
    ServerSecurity.Bound bound = ServerSecurity.insecureLoopback().bind(port, "dependency");
    open.add(bound);
    return new ManagedGrpcServer(
            bound.builder(), ServiceMetrics.newPrometheusRegistry("dependency"), services)
        .start();
  }

  private ManagedChannel channel(int port) {
    ManagedChannel opened = Channels.open("localhost:" + port, ClientSecurity.plaintext());
    open.add(() -> opened.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return opened;
  }

  private ServingStatus health() {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  /** The service's health, or null while nothing answers on its port. */
  private ServingStatus healthOrNull() {
    try {
      return health();
    } catch (StatusRuntimeException e) {
      channel.resetConnectBackoff();
      return null;
    }
  }

  private CompletableFuture<String> callInBackground(String request) {
    return CompletableFuture.supplyAsync(
        () ->
            ClientCalls.blockingUnaryCall(
                channel,
                SLOW,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                request),
        background);
  }

  private boolean callRefused(String request) {
    try {
      ClientCalls.blockingUnaryCall(
          channel, SLOW, CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS), request);
      return false;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.UNAVAILABLE;
    }
  }

  private int readyz() {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + adminPort + "/readyz"))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1; // not listening (yet, or any more)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private ListAppender<ILoggingEvent> captureLogs() {
    Logger logger = (Logger) LoggerFactory.getLogger(ServiceLifecycle.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    open.add(() -> logger.detachAppender(appender));
    return appender;
  }

  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
