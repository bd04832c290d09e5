package dev.gengap.plumbing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP port of a service: {@code /metrics} (Prometheus text), {@code /healthz} (200 while
 * the process runs) and {@code /readyz} (200 once {@code ready} says so, else 503).
 */
public final class AdminServer implements AutoCloseable {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final int requestedPort;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;
  private HttpServer server;
  private ExecutorService executor;

  /** {@code port} 0 picks a free port; see {@link #port()}. */
  public AdminServer(int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    this.requestedPort = port;
    this.registry = registry;
    this.ready = ready;
  }

  public AdminServer start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(requestedPort), 0);
    executor = Executors.newFixedThreadPool(2, Threads.daemonFactory("admin-http"));
    server.setExecutor(executor);
    server.createContext(
        "/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
    server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          boolean isReady = ready.getAsBoolean();
          respond(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "not ready\n");
        });
    server.start();
    return this;
  }

  /** The bound port (useful when constructed with 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
