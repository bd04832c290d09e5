package dev.gengap.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Grafana dashboards under k8s/observability/dashboards: validation (data sources, a query in
 * every panel, only the metric names gengap exports) and the list of their queries.
 */
public final class Dashboards {
  /** The uid of the PostgreSQL data source provisioned by k8s/observability. */
  public static final String POSTGRES_UID = "gengap-postgres";

  /** Panels reference Prometheus through the dashboard's data source variable. */
  public static final String PROMETHEUS_UID = "${prometheus}";

  /** Metric families the services export (HELPER_BRIEF), as Prometheus names. */
  static final Set<String> METRICS =
      Set.of(
          "grpc_server_processing_duration_seconds",
          "grpc_server_requests_received_messages_total",
          "grpc_server_responses_sent_messages_total",
          "gengap_dataset_available",
          "gengap_dataset_batches_served_total",
          "gengap_dataset_images_served_total",
          "gengap_dataset_stream_errors_total",
          "gengap_dataset_variant_build_seconds",
          "gengap_trainer_samples_per_second",
          "gengap_trainer_step_duration_seconds",
          "gengap_trainer_epoch_duration_seconds",
          "gengap_trainer_epochs_completed_total",
          "gengap_trainer_runs",
          "gengap_trainer_queue_depth",
          "gengap_trainer_runs_finished_total",
          "gengap_trainer_run_train_loss",
          "gengap_trainer_run_train_accuracy",
          "gengap_trainer_run_epoch",
          "gengap_evaluator_evaluations_total",
          "gengap_evaluator_evaluation_duration_seconds",
          "hikaricp_connections_active",
          "hikaricp_connections_pending",
          "hikaricp_connections_max",
          "hikaricp_connections_acquire_seconds",
          "jvm_memory_used_bytes",
          "jvm_memory_max_bytes",
          "jvm_buffer_memory_used_bytes",
          "jvm_gc_pause_seconds",
          "jvm_threads_live_threads",
          "process_memory_resident_bytes");

  /**
   * Metrics of the NVIDIA DCGM exporter, which runs only in clusters with the GPU operator: their
   * panels stay empty elsewhere, so the live check does not require data from them.
   */
  static final Pattern OPTIONAL_METRIC = Pattern.compile("\\bDCGM_FI_[A-Z_]+\\b");

  private static final Pattern METRIC =
      Pattern.compile("\\b((?:gengap|grpc|hikaricp|jvm|process)_[a-z_]+)\\b");

  /** A selector of a gengap metric with its matchers, if any. */
  private static final Pattern SELECTOR =
      Pattern.compile("\\b((?:gengap|grpc|hikaricp|jvm|process|DCGM)_[A-Za-z_]+)\\b(\\{[^}]*\\})?");

  private static final Pattern JOB_MATCHER = Pattern.compile("[{,]\\s*job\\s*=~?\"[^\"]+\"");
  private static final Pattern NAMESPACE_MATCHER =
      Pattern.compile("[{,]\\s*(exported_)?namespace\\s*=~\"\\$namespace\"");

  /** Grafana's {@code label_values(selector, label)}: the selector is what Prometheus runs. */
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((.*),\\s*[a-zA-Z_]+\\)$");

  private static final List<String> TIMER_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

  /** One query of one panel. */
  public record Query(String dashboard, String panel, String refId, String language, String text) {
    @Override
    public String toString() {
      return dashboard + " / " + panel + " / " + refId + ": " + text;
    }
  }

  private final List<JsonNode> dashboards;
  private final List<String> files;

  private Dashboards(List<String> files, List<JsonNode> dashboards) {
    this.files = files;
    this.dashboards = dashboards;
  }

  /** Loads every {@code *.json} in {@code dir}. */
  public static Dashboards load(Path dir) {
    ObjectMapper mapper = new ObjectMapper();
    List<String> files = new ArrayList<>();
    List<JsonNode> boards = new ArrayList<>();
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path p : paths.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        files.add(p.getFileName().toString());
        boards.add(mapper.readTree(p.toFile()));
      }
    } catch (IOException e) {
      throw new ManifestException("cannot read dashboards in " + dir + ": " + e.getMessage(), e);
    }
    return new Dashboards(files, boards);
  }

  /** Every query of every panel, in file and panel order. */
  public List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (JsonNode board : dashboards) {
      for (JsonNode panel : board.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          boolean sql = target.has("rawSql");
          queries.add(
              new Query(
                  board.path("title").asText(),
                  panel.path("title").asText(),
                  target.path("refId").asText(),
                  sql ? "sql" : "promql",
                  sql ? target.path("rawSql").asText() : target.path("expr").asText()));
        }
      }
      for (JsonNode variable : board.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          boolean sql = POSTGRES_UID.equals(variable.path("datasource").path("uid").asText());
          JsonNode query = variable.path("query");
          String text = query.isObject() ? query.path("query").asText() : query.asText();
          Matcher labelValues = LABEL_VALUES.matcher(text.trim());
          queries.add(
              new Query(
                  board.path("title").asText(),
                  "variable " + variable.path("name").asText(),
                  "-",
                  sql ? "sql" : "promql",
                  !sql && labelValues.matches() ? labelValues.group(1) : text));
        }
      }
    }
    return queries;
  }

  public List<Query> prometheusQueries() {
    return queries().stream().filter(q -> q.language().equals("promql")).toList();
  }

  /**
   * The SQL of {@code query} as PostgreSQL runs it: Grafana's time macro becomes an open time
   * range, the {@code $run} variable a list of the given run ids and {@code $sweep} every sweep.
   */
  public static String expandSql(Query query, List<String> runIds) {
    String ids =
        runIds.stream()
            .map(id -> "'" + id.replace("'", "''") + "'")
            .reduce((a, b) -> a + "," + b)
            .orElse("''");
    return query
        .text()
        .replaceAll("\\$__timeFilter\\(([^)]+)\\)", "$1 BETWEEN '-infinity' AND 'infinity'")
        .replace("$run", ids)
        // the sweep variable's "All"
        .replace("$sweep", "'-1'");
  }

  /** Returns every fault found, one line each; empty when the dashboards are sound. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> uids = new TreeSet<>();
    for (int i = 0; i < dashboards.size(); i++) {
      JsonNode board = dashboards.get(i);
      String file = files.get(i);
      if (board.path("uid").asText().isEmpty() || !uids.add(board.path("uid").asText())) {
        problems.add(file + ": needs a unique uid");
      }
      boolean hasPromVariable = false;
      for (JsonNode v : board.path("templating").path("list")) {
        hasPromVariable |=
            v.path("name").asText().equals("prometheus")
                && v.path("type").asText().equals("datasource");
      }
      if (board.path("panels").isEmpty()) {
        problems.add(file + ": no panels");
      }
      for (JsonNode panel : board.path("panels")) {
        String where = file + " panel '" + panel.path("title").asText() + "'";
        String uid = panel.path("datasource").path("uid").asText();
        if (!uid.equals(PROMETHEUS_UID) && !uid.equals(POSTGRES_UID)) {
          problems.add(
              where
                  + ": data source uid '"
                  + uid
                  + "' is neither "
                  + PROMETHEUS_UID
                  + " nor "
                  + POSTGRES_UID);
        }
        if (uid.equals(PROMETHEUS_UID) && !hasPromVariable) {
          problems.add(
              file
                  + ": uses "
                  + PROMETHEUS_UID
                  + " but defines no 'prometheus' data source variable");
        }
        if (panel.path("fieldConfig").path("defaults").path("unit").asText().isEmpty()) {
          problems.add(where + ": has no unit");
        }
        if (panel.path("targets").isEmpty()) {
          problems.add(where + ": has no query");
        }
        for (JsonNode target : panel.path("targets")) {
          String targetUid = target.path("datasource").path("uid").asText(uid);
          String text =
              uid.equals(POSTGRES_UID)
                  ? target.path("rawSql").asText()
                  : target.path("expr").asText();
          if (!targetUid.equals(uid)) {
            problems.add(
                where
                    + " query "
                    + target.path("refId").asText()
                    + ": data source differs from the panel's");
          }
          if (text.isBlank()) {
            problems.add(where + " query " + target.path("refId").asText() + ": empty");
          }
          if (uid.equals(PROMETHEUS_UID)) {
            unknownMetrics(text).forEach(m -> problems.add(where + ": unknown metric " + m));
            unscopedSelectors(text, true)
                .forEach(m -> problems.add(where + ": " + m + " lacks a namespace or job matcher"));
          }
        }
      }
    }
    return problems;
  }

  /**
   * The selectors of gengap (and DCGM) metrics in {@code promql} without a job matcher, or, when
   * {@code namespaceVariable}, without a namespace matcher on the board's {@code $namespace}: such
   * a query would mix two installs, or catch any grpc-java service in the cluster. (Alerts match no
   * namespace; they group by it.)
   */
  static List<String> unscopedSelectors(String promql, boolean namespaceVariable) {
    List<String> unscoped = new ArrayList<>();
    Matcher m = SELECTOR.matcher(promql);
    while (m.find()) {
      String matchers = m.group(2) == null ? "" : m.group(2);
      boolean job = JOB_MATCHER.matcher(matchers).find();
      boolean namespace = NAMESPACE_MATCHER.matcher(matchers).find();
      if (!job || (namespaceVariable && !namespace)) {
        unscoped.add(m.group(0));
      }
    }
    return unscoped;
  }

  /** Metric names in {@code promql} that gengap does not export. */
  static List<String> unknownMetrics(String promql) {
    List<String> unknown = new ArrayList<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      String name = m.group(1);
      String family = name;
      for (String suffix : TIMER_SUFFIXES) {
        if (name.endsWith(suffix)
            && METRICS.contains(name.substring(0, name.length() - suffix.length()))) {
          family = name.substring(0, name.length() - suffix.length());
        }
      }
      if (!METRICS.contains(family)) {
        unknown.add(name);
      }
    }
    return unknown;
  }
}
