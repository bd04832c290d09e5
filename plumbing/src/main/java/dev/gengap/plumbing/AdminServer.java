package dev.gengap.plumbing;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP port of a service, on Prometheus's own exporter server: {@code /metrics} (text or
 * OpenMetrics as the scraper asks, gzipped when it accepts that), {@code /healthz} (200 while the
 * process runs) and {@code /readyz} (200 once {@code ready} says so, else 503), which the probes
 * and docs use.
 */
public final class AdminServer implements AutoCloseable {
  private final int requestedPort;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;
  private HTTPServer server;
  private ExecutorService executor;

  /** {@code port} 0 picks a free port; see {@link #port()}. */
  public AdminServer(int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    this.requestedPort = port;
    this.registry = registry;
    this.ready = ready;
  }

  public AdminServer start() throws IOException {
    executor = Executors.newFixedThreadPool(2, Threads.daemonFactory("admin-http"));
    server =
        HTTPServer.builder()
            .port(requestedPort)
            .registry(registry.getPrometheusRegistry())
            .executorService(executor)
            // every path but /metrics (and the exporter's /-/healthy) comes here
            .defaultHandler(this::probe)
            .buildAndStart();
    return this;
  }

  /** The bound port (useful when constructed with 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      executor.shutdownNow();
    }
  }

  private void probe(HttpExchange exchange) throws IOException {
    switch (exchange.getRequestURI().getPath()) {
      case "/healthz" -> respond(exchange, 200, "ok\n");
      case "/readyz" -> {
        boolean isReady = ready.getAsBoolean();
        respond(exchange, isReady ? 200 : 503, isReady ? "ready\n" : "not ready\n");
      }
      default -> respond(exchange, 404, "not found: /metrics, /healthz and /readyz are served\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
