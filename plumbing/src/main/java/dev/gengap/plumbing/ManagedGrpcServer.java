package dev.gengap.plumbing;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server with what every gengap service needs: {@code grpc.health.v1} health (NOT_SERVING
 * until {@link #markServing()}), server reflection, Micrometer's request meters, the status mapping
 * safety net, authentication and roles (when given), a maximum request size, and an orderly stop. A
 * service's main starts and stops it through a {@link ServiceLifecycle}.
 *
 * <p>Takes a {@link ServerBuilder} so tests can pass an in-process builder or a free port.
 */
public final class ManagedGrpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ManagedGrpcServer.class);
  private static final long CLOSE_GRACE_SECONDS = 30;

  /**
   * The largest request a server reads (8 MiB); a larger one is refused with RESOURCE_EXHAUSTED
   * before it is parsed. The largest legitimate request, a 10,000-run sweep, is about 2 MB.
   */
  public static final int MAX_INBOUND_MESSAGE_BYTES = 8 * 1024 * 1024;

  private final ServerBuilder<?> builder;
  private final MeterRegistry registry;
  private final List<BindableService> services;
  private final Optional<? extends ServerInterceptor> authentication;
  private final HealthStatusManager health = new HealthStatusManager();
  private final List<String> serviceNames = new ArrayList<>();
  private final Map<String, Boolean> parts = new LinkedHashMap<>();
  private volatile boolean serving;
  private volatile boolean terminal;
  private Server server;

  /**
   * @param authentication authenticates every call and checks its role (see {@code
   *     dev.gengap.plumbing.security.ServerSecurity#authentication}); empty: every caller is admin
   */
  public ManagedGrpcServer(
      ServerBuilder<?> builder,
      MeterRegistry registry,
      List<BindableService> services,
      Optional<? extends ServerInterceptor> authentication) {
    this.builder = builder;
    this.registry = registry;
    this.services = List.copyOf(services);
    this.authentication = authentication;
  }

  /** A server without authentication: every caller is admin (in-process tests). */
  public ManagedGrpcServer(
      ServerBuilder<?> builder, MeterRegistry registry, List<BindableService> services) {
    this(builder, registry, services, Optional.empty());
  }

  /**
   * Also reports {@code name} in {@code grpc.health.v1} (e.g. one data set of a service): it
   * follows the server's status when {@code available}, and is NOT_SERVING for good when not, so a
   * probe can ask about one part. Call before {@link #start()}.
   */
  public ManagedGrpcServer reportsPart(String name, boolean available) {
    parts.put(name, available);
    return this;
  }

  /** Binds the services and starts listening; health stays NOT_SERVING. */
  public ManagedGrpcServer start() throws IOException {
    MetricCollectingServerInterceptor metrics = new MetricCollectingServerInterceptor(registry);
    for (BindableService service : services) {
      builder.addService(service);
      metrics.preregisterService(service);
      serviceNames.add(service.bindService().getServiceDescriptor().getName());
    }
    builder.addService(health.getHealthService());
    builder.addService(ProtoReflectionServiceV1.newInstance());
    builder.maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    // Interceptors run in reverse order of registration: metrics sees every call, refused ones
    // included, and its mapped status; no service code runs before authentication.
    builder.intercept(new StatusMappingInterceptor());
    authentication.ifPresent(builder::intercept);
    builder.intercept(metrics);
    builder.intercept(new VersionHeaderInterceptor());
    setAll(ServingStatus.NOT_SERVING);
    server = builder.build().start();
    log.info("event=grpc_started port={} services={}", server.getPort(), serviceNames);
    return this;
  }

  /** The bound port, or -1 for an in-process server. */
  public int port() {
    return server.getPort();
  }

  /** Health turns SERVING: call once the service's data and dependencies are ready. */
  public void markServing() {
    if (terminal) {
      return; // draining: grpc.health.v1 would ignore it too
    }
    setAll(ServingStatus.SERVING);
    serving = true;
  }

  /** What {@code /readyz} reports. */
  public boolean isServing() {
    return serving;
  }

  /** Health to NOT_SERVING for good: a server that has begun to drain never serves again. */
  public void enterNotServing() {
    terminal = true;
    serving = false;
    health.enterTerminalState();
  }

  /**
   * Refuses new calls, gives the running ones {@code grace} to finish and cancels what is left.
   *
   * @return true when calls were still running after {@code grace} and had to be cancelled
   */
  public boolean stop(Duration grace) {
    if (server == null || server.isTerminated()) {
      return false;
    }
    server.shutdown();
    boolean forced = false;
    try {
      forced = !server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      if (forced) {
        log.warn("event=grpc_shutdown_forced grace_seconds={}", grace.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.shutdownNow();
    }
    return forced;
  }

  /**
   * {@link #enterNotServing()}, then {@link #stop} with a {@value #CLOSE_GRACE_SECONDS} s grace; a
   * service's main drains through its {@link ServiceLifecycle} instead.
   */
  @Override
  public void close() {
    enterNotServing();
    stop(Duration.ofSeconds(CLOSE_GRACE_SECONDS));
  }

  private void setAll(ServingStatus status) {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    for (String name : serviceNames) {
      health.setStatus(name, status);
    }
    parts.forEach(
        (name, available) ->
            health.setStatus(name, available ? status : ServingStatus.NOT_SERVING));
  }
}
