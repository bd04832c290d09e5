package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the dashboards' queries through {@link LiveQueryCheck} against a real Prometheus (Debian's
 * {@code prometheus}) scraping a small /metrics endpoint that exports every gengap metric family
 * with the labels the boards group by. This proves the checker and the queries' syntax and label
 * use; the live check against the real services is the same command pointed at the Prometheus that
 * scrapes them.
 *
 * <p>Needs the prometheus binary ({@code -Dgengap.prometheus}, default /usr/bin/prometheus); it is
 * skipped without one unless {@code -Dgengap.requirePrometheus=true} (k8s/check.sh sets it).
 */
class LiveQueryCheckIT {
  private static final Path PROMETHEUS =
      Path.of(System.getProperty("gengap.prometheus", "/usr/bin/prometheus"));

  private HttpServer exporter;
  private Process prometheus;

  @AfterEach
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (exporter != null) {
      exporter.stop(0);
    }
  }

  @Test
  void everyDashboardQueryReturnsDataFromARealPrometheus(@TempDir Path dir) throws Exception {
    boolean required = Boolean.getBoolean("gengap.requirePrometheus");
    assumeTrue(required || Files.isExecutable(PROMETHEUS), "no prometheus binary at " + PROMETHEUS);
    exporter = startExporter();
    int port = freePort();
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: dataset
            static_configs: [{targets: ["127.0.0.1:%1$d"], labels: {namespace: gengap, pod: dataset-0}}]
          - job_name: trainer
            static_configs: [{targets: ["127.0.0.1:%1$d"], labels: {namespace: gengap, pod: trainer-0}}]
          - job_name: evaluator
            static_configs: [{targets: ["127.0.0.1:%1$d"], labels: {namespace: gengap, pod: evaluator-0}}]
        """
            .formatted(exporter.getAddress().getPort()));
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI url = URI.create("http://127.0.0.1:" + port);
    awaitSamples(http, url, 8);

    List<Dashboards.Query> queries = Dashboards.load(DashboardsTest.DASHBOARDS).prometheusQueries();
    List<LiveQueryCheck.Result> results =
        new LiveQueryCheck(http, url).run(queries, Duration.ofSeconds(60));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean passed =
        LiveQueryCheck.report(results, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(queries).hasSizeGreaterThan(20);
    assertThat(passed).as(out.toString(StandardCharsets.UTF_8)).isTrue();
  }

  @Test
  void queryWithoutDataFails(@TempDir Path dir) throws Exception {
    boolean required = Boolean.getBoolean("gengap.requirePrometheus");
    assumeTrue(required || Files.isExecutable(PROMETHEUS), "no prometheus binary at " + PROMETHEUS);
    int port = freePort();
    Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 1s}\n");
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI url = URI.create("http://127.0.0.1:" + port);
    awaitReady(http, url);
    Dashboards.Query query =
        new Dashboards.Query("t", "p", "A", "promql", "max(gengap_trainer_queue_depth)");

    List<LiveQueryCheck.Result> results =
        new LiveQueryCheck(http, url).run(List.of(query), Duration.ofSeconds(60));

    assertThat(results).singleElement().satisfies(r -> assertThat(r.passed()).isFalse());
  }

  /** A /metrics endpoint whose counters and histograms grow with every scrape. */
  private static HttpServer startExporter() throws IOException {
    AtomicInteger scrapes = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = exposition(scrapes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
          }
        });
    server.start();
    return server;
  }

  static String exposition(int n) {
    StringBuilder b = new StringBuilder();
    for (String status : List.of("queued", "running", "succeeded", "failed", "cancelled")) {
      b.append(
          "gengap_trainer_runs{gengap_service=\"trainer\",status=\"%s\"} 1\n".formatted(status));
      b.append(
          "gengap_trainer_runs_finished_total{gengap_service=\"trainer\",status=\"%s\"} %d\n"
              .formatted(status, n));
    }
    b.append("gengap_trainer_queue_depth{gengap_service=\"trainer\"} 3\n");
    b.append("gengap_trainer_samples_per_second{gengap_service=\"trainer\",run_id=\"7\"} 2500\n");
    b.append("gengap_trainer_run_train_loss{gengap_service=\"trainer\",run_id=\"7\"} 1.25\n");
    b.append("gengap_trainer_run_train_accuracy{gengap_service=\"trainer\",run_id=\"7\"} 0.55\n");
    b.append("gengap_trainer_run_epoch{gengap_service=\"trainer\",run_id=\"7\"} 4\n");
    b.append("gengap_trainer_epochs_completed_total{gengap_service=\"trainer\"} %d\n".formatted(n));
    timer(b, "gengap_trainer_epoch_duration_seconds", "gengap_service=\"trainer\"", n, 20.0);
    histogram(b, "gengap_trainer_step_duration_seconds", "gengap_service=\"trainer\"", n, 0.05);
    histogram(b, "gengap_dataset_variant_build_seconds", "gengap_service=\"dataset\"", n, 2.0);
    for (String split : List.of("train", "test")) {
      b.append(
          "gengap_dataset_batches_served_total{gengap_service=\"dataset\",split=\"%s\"} %d\n"
              .formatted(split, 10 * n));
      b.append(
          "gengap_dataset_images_served_total{gengap_service=\"dataset\",split=\"%s\"} %d\n"
              .formatted(split, 1280 * n));
    }
    b.append(
        "gengap_dataset_stream_errors_total{gengap_service=\"dataset\",reason=\"cancelled\"} 0\n");
    b.append("gengap_dataset_available{gengap_service=\"dataset\",dataset=\"cifar10\"} 1\n");
    b.append("gengap_dataset_available{gengap_service=\"dataset\",dataset=\"mnist\"} 0\n");
    for (String outcome : List.of("succeeded", "failed")) {
      b.append(
          "gengap_evaluator_evaluations_total{gengap_service=\"evaluator\",outcome=\"%s\"} %d\n"
              .formatted(outcome, n));
    }
    timer(
        b, "gengap_evaluator_evaluation_duration_seconds", "gengap_service=\"evaluator\"", n, 30.0);
    for (String state : List.of("active", "pending", "max")) {
      b.append("hikaricp_connections_%s{pool=\"gengap-store\"} 2\n".formatted(state));
    }
    timer(b, "hikaricp_connections_acquire_seconds", "pool=\"gengap-store\"", n, 0.002);
    for (String area : List.of("heap", "nonheap")) {
      b.append("jvm_memory_used_bytes{area=\"%s\",id=\"x\"} 1.0E8\n".formatted(area));
      b.append("jvm_memory_max_bytes{area=\"%s\",id=\"x\"} 4.0E8\n".formatted(area));
    }
    b.append("jvm_buffer_memory_used_bytes{id=\"direct\"} 1.0E6\n");
    timer(b, "jvm_gc_pause_seconds", "action=\"end of minor GC\",cause=\"G1\"", n, 0.01);
    b.append("jvm_threads_live_threads 40\n");
    b.append("process_memory_resident_bytes 1.5E9\n");
    for (String method : List.of("StreamEpoch", "SubmitRun")) {
      for (String code : List.of("OK", "INVALID_ARGUMENT")) {
        histogram(
            b,
            "grpc_server_processing_duration_seconds",
            "service=\"gengap.v1.X\",method=\"%s\",methodType=\"UNARY\",statusCode=\"%s\""
                .formatted(method, code),
            n,
            0.01);
      }
    }
    return b.toString();
  }

  private static void timer(StringBuilder b, String name, String labels, int n, double seconds) {
    b.append("%s_count{%s} %d\n".formatted(name, labels, n));
    b.append("%s_sum{%s} %f\n".formatted(name, labels, n * seconds));
    b.append("%s_max{%s} %f\n".formatted(name, labels, seconds));
  }

  private static void histogram(
      StringBuilder b, String name, String labels, int n, double seconds) {
    timer(b, name, labels, n, seconds);
    for (double le : new double[] {seconds / 2, seconds * 2}) {
      b.append(
          "%s_bucket{%s,le=\"%s\"} %d\n".formatted(name, labels, le, le > seconds ? n : n / 2));
    }
    b.append("%s_bucket{%s,le=\"+Inf\"} %d\n".formatted(name, labels, n));
  }

  private static void awaitReady(HttpClient http, URI url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("/-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Prometheus is still starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Prometheus at " + url + " not ready within 30 s");
  }

  /** Waits until Prometheus holds {@code samples} scrapes of the exporter. */
  private static void awaitSamples(HttpClient http, URI url, int samples) throws Exception {
    awaitReady(http, url);
    String query = "count_over_time(gengap_trainer_queue_depth[1m])";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      url.resolve(
                          "/api/v1/query?query="
                              + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8)))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      var value =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(r.body())
              .path("data")
              .path("result")
              .path(0)
              .path("value")
              .path(1);
      if (!value.isMissingNode() && Double.parseDouble(value.asText()) >= samples) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "Prometheus did not scrape the exporter " + samples + " times within 60 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
