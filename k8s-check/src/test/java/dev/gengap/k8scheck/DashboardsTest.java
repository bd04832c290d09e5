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
        .anyMatch(q -> q.contains("gengap_trainer_runs)"))
        .anyMatch(q -> q.contains("gengap_trainer_queue_depth"))
        .anyMatch(q -> q.contains("sum by (pod) (gengap_trainer_samples_per_second)"))
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
           {"title": "elsewhere", "datasource": {"uid": "influx"}, "targets": [{"refId": "A", "expr": "up"}]}
         ]}
        """);

    assertThat(Dashboards.load(dir).problems())
        .anyMatch(p -> p.contains("panel 'empty': has no query"))
        .anyMatch(p -> p.contains("defines no 'prometheus' data source variable"))
        .anyMatch(p -> p.contains("panel 'elsewhere': data source uid 'influx'"));
  }
}
