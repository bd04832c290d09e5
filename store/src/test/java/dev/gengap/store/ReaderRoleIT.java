package dev.gengap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Grafana's access: a login user in the migration's {@code gengap_reader} role, connecting with its
 * own password, reads the science tables and can change nothing.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ReaderRoleIT {
  private static final String PASSWORD = "reader-it-password";

  private final DataSource dataSource;

  ReaderRoleIT(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @BeforeEach
  void createGrafanaLoginAndARun() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grafana_it') THEN"
              + " CREATE ROLE grafana_it LOGIN PASSWORD '"
              + PASSWORD
              + "' IN ROLE gengap_reader; END IF; END $$");
    }
    new RunRepository(dataSource, Clock.systemUTC())
        .submit(
            "reader-it",
            TestSpecs.newRun(
                ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS, 0));
  }

  @Test
  void readsEveryScienceTable() throws SQLException {
    try (Connection grafana = loginAsGrafana();
        Statement s = grafana.createStatement()) {
      for (String table :
          new String[] {
            "sweeps",
            "runs",
            "epoch_metrics",
            "evaluations",
            "interpolation_fits",
            "linear_sgd_epochs"
          }) {
        try (ResultSet rows = s.executeQuery("SELECT count(*) FROM " + table)) {
          assertThat(rows.next()).isTrue();
        }
      }
      try (ResultSet rows = s.executeQuery("SELECT display_name FROM runs")) {
        assertThat(rows.next()).isTrue();
      }
    }
  }

  @Test
  void cannotModifyOrDropAnything() throws SQLException {
    try (Connection grafana = loginAsGrafana();
        Statement s = grafana.createStatement()) {
      assertDenied(s, "UPDATE runs SET status = 'CANCELLED'");
      assertDenied(s, "DELETE FROM epoch_metrics");
      assertDenied(s, "INSERT INTO sweeps (name, request_id, created_at) VALUES ('x', 'x', now())");
      assertDenied(s, "DROP TABLE runs");
      assertDenied(s, "TRUNCATE evaluations");
      assertDenied(s, "ALTER TABLE runs ADD COLUMN owned text");
      assertDenied(s, "CREATE TABLE grafana_was_here (id int)");
    }
    try (Connection owner = dataSource.getConnection();
        Statement s = owner.createStatement();
        ResultSet rows = s.executeQuery("SELECT status FROM runs WHERE request_id = 'reader-it'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("QUEUED");
    }
  }

  @Test
  void cannotReadCheckpointsOrClaims() throws SQLException {
    try (Connection grafana = loginAsGrafana();
        Statement s = grafana.createStatement()) {
      assertDenied(s, "SELECT * FROM checkpoints");
      assertDenied(s, "SELECT * FROM evaluation_claims");
    }
  }

  private Connection loginAsGrafana() throws SQLException {
    String url;
    try (Connection c = dataSource.getConnection()) {
      // Without the query: the embedded URL names user=postgres, which would win over ours.
      url = c.getMetaData().getURL().replaceFirst("\\?.*", "");
    }
    return DriverManager.getConnection(url, "grafana_it", PASSWORD);
  }

  private static void assertDenied(Statement s, String sql) {
    assertThatThrownBy(() -> s.execute(sql))
        .as(sql)
        .isInstanceOf(SQLException.class)
        .satisfies(
            e ->
                assertThat(((SQLException) e).getSQLState())
                    .as("SQLSTATE of " + sql)
                    .isIn("42501")); // insufficient_privilege
  }
}
