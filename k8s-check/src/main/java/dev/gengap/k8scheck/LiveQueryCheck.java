package dev.gengap.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs every Prometheus query of the dashboards against a live Prometheus and fails on any that
 * returns no data: proof that the boards show something once the stack has trained a run.
 *
 * <pre>
 * java -cp k8s-check/target/k8s-check.jar dev.gengap.k8scheck.LiveQueryCheck \
 *     http://localhost:9090 [lookback-seconds, default 1800] [dashboard dir]
 * java -cp ... dev.gengap.k8scheck.LiveQueryCheck --list [dashboard dir]
 * </pre>
 *
 * Each query runs as a range query over the lookback window, so per-run gauges that vanished when
 * their run ended still count. A query passes when some series has a finite value in the window
 * (the DCGM exporter's GPU panels pass without data: not every cluster has one). {@code $namespace}
 * matches any namespace, but the label must be there, as the ServiceMonitor sets it.
 */
public final class LiveQueryCheck {
  private static final Path DEFAULT_DASHBOARDS = Path.of("k8s/observability/dashboards");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The outcome of one query. */
  public record Result(Dashboards.Query query, boolean passed, String detail) {}

  private final HttpClient http;
  private final URI prometheus;
  private final ObjectMapper mapper = new ObjectMapper();

  public LiveQueryCheck(HttpClient http, URI prometheus) {
    this.http = http;
    this.prometheus = prometheus;
  }

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("--help")) {
      System.err.println(
          "usage: LiveQueryCheck PROMETHEUS_URL [LOOKBACK_SECONDS] [DASHBOARD_DIR]\n"
              + "       LiveQueryCheck --list [DASHBOARD_DIR]   (prints every query, PromQL and SQL)");
      System.exit(args.length == 0 ? 2 : 0);
    }
    if (args[0].equals("--list")) {
      Path dir = args.length > 1 ? Path.of(args[1]) : DEFAULT_DASHBOARDS;
      Dashboards.load(dir).queries().forEach(q -> System.out.println(q.language() + "\t" + q));
      return;
    }
    long lookback = args.length > 1 ? Long.parseLong(args[1]) : 1800;
    Path dir = args.length > 2 ? Path.of(args[2]) : DEFAULT_DASHBOARDS;
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    LiveQueryCheck check = new LiveQueryCheck(http, URI.create(args[0]));
    List<Result> results =
        check.run(Dashboards.load(dir).prometheusQueries(), Duration.ofSeconds(lookback));
    System.exit(report(results, System.out) ? 0 : 1);
  }

  /** Prints one line per query and the closing count; true when every query passed. */
  public static boolean report(List<Result> results, PrintStream out) {
    long failed = results.stream().filter(r -> !r.passed()).count();
    for (Result r : results) {
      out.println((r.passed() ? "PASS " : "FAIL ") + r.query() + "  -> " + r.detail());
    }
    out.println((results.size() - failed) + " passed, " + failed + " failed");
    return failed == 0;
  }

  public List<Result> run(List<Dashboards.Query> queries, Duration lookback) {
    Instant end = Instant.now();
    Instant start = end.minus(lookback);
    long step = Math.max(5, lookback.toSeconds() / 200);
    return queries.stream().map(q -> runOne(q, start, end, step)).toList();
  }

  /** The board's {@code $namespace} variable as "any namespace": the label must be there. */
  static String expand(String promql) {
    return promql.replace("$namespace", ".+");
  }

  private Result runOne(Dashboards.Query query, Instant start, Instant end, long step) {
    String url =
        prometheus.toString().replaceAll("/+$", "")
            + "/api/v1/query_range?query="
            + URLEncoder.encode(expand(query.text()), StandardCharsets.UTF_8)
            + "&start="
            + start.getEpochSecond()
            + "&end="
            + end.getEpochSecond()
            + "&step="
            + step;
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = mapper.readTree(response.body());
      if (!"success".equals(body.path("status").asText())) {
        return new Result(
            query,
            false,
            "HTTP " + response.statusCode() + ": " + body.path("error").asText(response.body()));
      }
      int series = 0;
      int finite = 0;
      for (JsonNode s : body.path("data").path("result")) {
        series++;
        for (JsonNode point : s.path("values")) {
          String value = point.path(1).asText();
          if (!value.equals("NaN") && !value.endsWith("Inf")) {
            finite++;
          }
        }
      }
      if (finite == 0 && Dashboards.OPTIONAL_METRIC.matcher(query.text()).find()) {
        return new Result(query, true, "no data, not required: needs the NVIDIA DCGM exporter");
      }
      return new Result(query, finite > 0, series + " series, " + finite + " finite points");
    } catch (IOException e) {
      return new Result(query, false, "cannot query " + prometheus + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(query, false, "interrupted");
    }
  }
}
