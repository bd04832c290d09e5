package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardsTest {
  static final Path K8S = Path.of(System.getProperty("gengap.k8sDir", "../k8s"));
  static final Path DASHBOARDS = K8S.resolve("observability/dashboards");

  @Test
  void shippedDashboardsAreSound() {
    Dashboards dashboards = Dashboards.load(DASHBOARDS);

    assertThat(dashboards.problems()).isEmpty();
    assertThat(dashboards.queries())
        .extracting(Dashboards.Query::dashboard)
        .contains("gengap / fleet", "gengap / science");
  }

  @Test
  void fleetBoardCoversTheIssuesPanels() {
    assertThat(Dashboards.load(DASHBOARDS).prometheusQueries())
        .extracting(Dashboards.Query::text)
        .anyMatch(q -> q.startsWith("max by (status) (gengap_trainer_runs{"))
        .anyMatch(q -> q.contains("gengap_trainer_queue_depth"))
        .anyMatch(q -> q.startsWith("sum by (pod) (gengap_trainer_samples_per_second{"))
        .anyMatch(q -> q.contains("hikaricp_connections_pending"))
        .anyMatch(q -> q.contains("process_memory_resident_bytes"))
        .anyMatch(q -> q.contains("DCGM_FI_DEV_GPU_UTIL"))
        .anyMatch(q -> q.contains("gengap_trainer_epoch_duration_seconds"))
        .anyMatch(
            q -> q.startsWith("histogram_quantile(0.99, sum by (le, method) (rate(grpc_server"))
        .anyMatch(q -> q.contains("statusCode!=\"OK\""));
  }

  @Test
  void scienceBoardReadsCurvesAndGapsFromTheStore() {
    assertThat(Dashboards.load(DASHBOARDS).queries())
        .filteredOn(q -> q.language().equals("sql"))
        .extracting(Dashboards.Query::text)
        .anyMatch(q -> q.contains("FROM epoch_metrics") && q.contains("train_loss"))
        .anyMatch(q -> q.contains("FROM runs r JOIN evaluations") && q.contains("accuracy_gap"));
  }

  @Test
  void everyPrometheusQueryIsScopedByNamespaceAndJob() {
    assertThat(Dashboards.load(DASHBOARDS).prometheusQueries())
        .filteredOn(q -> !q.panel().startsWith("variable "))
        .allSatisfy(
            q ->
                assertThat(Dashboards.unscopedSelectors(q.text(), true))
                    .as(q.toString())
                    .isEmpty());
  }

  @Test
  void unscopedSelectorsAreFound() {
    assertThat(
            Dashboards.unscopedSelectors(
                "sum(rate(grpc_server_processing_duration_seconds_count[5m]))", true))
        .containsExactly("grpc_server_processing_duration_seconds_count");
    assertThat(
            Dashboards.unscopedSelectors(
                "max(gengap_trainer_queue_depth{namespace=~\"$namespace\"})", true))
        .hasSize(1);
    assertThat(
            Dashboards.unscopedSelectors("max(gengap_trainer_queue_depth{job=\"trainer\"})", true))
        .hasSize(1);
    assertThat(
            Dashboards.unscopedSelectors("max(gengap_trainer_queue_depth{job=\"trainer\"})", false))
        .isEmpty();
    assertThat(
            Dashboards.unscopedSelectors(
                "max(gengap_trainer_queue_depth{namespace=~\"$namespace\", job=~\"trainer|evaluator\"})",
                true))
        .isEmpty();
  }

  @Test
  void scienceBoardPlotsCurvesAgainstEpochsOrStepsAndHasASweepVariable() {
    Dashboards dashboards = Dashboards.load(DASHBOARDS);
    assertThat(dashboards.queries())
        .filteredOn(q -> q.dashboard().equals("gengap / science") && q.language().equals("sql"))
        .extracting(Dashboards.Query::text)
        .noneMatch(q -> q.contains("recorded_at"))
        .anyMatch(q -> q.startsWith("SELECT e.steps,") && q.contains("train_loss"))
        .anyMatch(q -> q.contains("steps_to_99_train_accuracy"))
        .anyMatch(q -> q.contains("GROUP BY r.model, r.corruption, r.corruption_probability"))
        .anyMatch(q -> q.contains("FROM sweeps"));
  }

  @Test
  void unknownMetricNamesAreReported() {
    assertThat(Dashboards.unknownMetrics("rate(gengap_trainer_epochs_completed_total[5m])"))
        .isEmpty();
    assertThat(
            Dashboards.unknownMetrics(
                "histogram_quantile(0.9, rate(gengap_trainer_step_duration_seconds_bucket[5m]))"))
        .isEmpty();
    assertThat(Dashboards.unknownMetrics("sum(gengap_trainer_epochs_total)"))
        .containsExactly("gengap_trainer_epochs_total");
  }

  @Test
  void panelWithoutQueryOrWithForeignDataSourceIsReported(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("bad.json"),
        """
        {"uid": "bad", "title": "bad", "templating": {"list": []},
         "panels": [
           {"title": "empty", "datasource": {"uid": "${prometheus}"}, "targets": []},
           {"title": "unitless", "datasource": {"uid": "${prometheus}"},
            "targets": [{"refId": "A", "expr": "max(gengap_trainer_queue_depth)"}]},
           {"title": "elsewhere", "datasource": {"uid": "influx"}, "targets": [{"refId": "A", "expr": "up"}]}
         ]}
        """);

    assertThat(Dashboards.load(dir).problems())
        .anyMatch(p -> p.contains("panel 'empty': has no query"))
        .anyMatch(p -> p.contains("panel 'unitless': has no unit"))
        .anyMatch(
            p ->
                p.contains(
                    "panel 'unitless': gengap_trainer_queue_depth lacks a namespace or job matcher"))
        .anyMatch(p -> p.contains("defines no 'prometheus' data source variable"))
        .anyMatch(p -> p.contains("panel 'elsewhere': data source uid 'influx'"));
  }
}
