package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochMetrics;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.Evaluation;
import dev.gengap.store.EvaluationRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunStatus;
import dev.gengap.store.SweepRepository;
import dev.gengap.store.TestSpecs;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every SQL query of the dashboards against the results store's real (Flyway-migrated) schema,
 * filled through the store's own repositories.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ScienceSqlIT {
  private static final String WORKER = "science-sql-it";

  private final DataSource dataSource;

  ScienceSqlIT(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Run 1: random labels, two epochs, evaluated. Run 2: partial labels, one epoch, running. */
  @BeforeEach
  void fillStore() {
    Clock clock = Clock.systemUTC();
    RunRepository runs = new RunRepository(dataSource, clock);
    EpochRepository epochs = new EpochRepository(dataSource, clock);
    runs.submit(
        "random",
        TestSpecs.newRun(
            ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS, 0));
    runs.submit(
        "partial",
        TestSpecs.newRun(
            ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS, 0));
    RunRow random = runs.claimNext(WORKER, Duration.ofMinutes(5)).orElseThrow();
    epochs.record(random.id(), WORKER, new EpochMetrics(1, 2.30, 0.10, 0.01, 2500, 20, 391));
    epochs.record(random.id(), WORKER, new EpochMetrics(2, 2.25, 0.14, 0.0095, 2600, 19, 782));
    runs.finish(random.id(), WORKER, RunStatus.SUCCEEDED, "");
    new EvaluationRepository(dataSource)
        .save(
            new Evaluation(
                random.id(), 2, 0.98, 0.08, 0.10, 4.1, 50_000, 10_000, clock.instant(), 12));
    RunRow partial = runs.claimNext(WORKER, Duration.ofMinutes(5)).orElseThrow();
    epochs.record(partial.id(), WORKER, new EpochMetrics(1, 1.90, 0.35, 0.01, 2550, 20, 391));
    // the sweep variable lists sweeps: one, with a queued run
    new SweepRepository(dataSource, clock)
        .create(
            "science-sql-it",
            "science board",
            List.of(
                TestSpecs.newRun(
                    ModelKind.MODEL_KIND_MLP_1X512,
                    CorruptionKind.CORRUPTION_KIND_TRUE_LABELS,
                    0)));
  }

  @Test
  void everySqlQueryRunsAndReturnsRows() throws SQLException {
    List<Dashboards.Query> queries =
        Dashboards.load(DashboardsTest.DASHBOARDS).queries().stream()
            .filter(q -> q.language().equals("sql"))
            .toList();

    assertThat(queries).hasSizeGreaterThanOrEqualTo(5);
    try (Connection c = dataSource.getConnection()) {
      for (Dashboards.Query query : queries) {
        String sql = Dashboards.expandSql(query, List.of("1", "2"));
        try (Statement s = c.createStatement();
            ResultSet rows = s.executeQuery(sql)) {
          assertThat(rows.next()).as("rows from " + query).isTrue();
        }
      }
    }
  }

  @Test
  void runFilterKeepsOnlyTheChosenRuns() throws SQLException {
    Dashboards.Query curves = panelQuery("Training loss by epoch");

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(Dashboards.expandSql(curves, List.of("2")))) {
      int count = 0;
      while (rows.next()) {
        assertThat(rows.getString("run")).startsWith("run 2 ");
        assertThat(rows.getInt("epoch")).isEqualTo(1);
        count++;
      }
      assertThat(count).isEqualTo(1);
    }
  }

  @Test
  void stepsPerRunAreTheCumulativeCountNotASum() throws SQLException {
    Dashboards.Query perRun = panelQuery("Epochs and training time per run");

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(Dashboards.expandSql(perRun, List.of("1")))) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong("epochs")).isEqualTo(2);
      assertThat(rows.getLong("steps")).isEqualTo(782);
    }
  }

  private static Dashboards.Query panelQuery(String titlePrefix) {
    return Dashboards.load(DashboardsTest.DASHBOARDS).queries().stream()
        .filter(q -> q.panel().startsWith(titlePrefix))
        .findFirst()
        .orElseThrow();
  }
}
