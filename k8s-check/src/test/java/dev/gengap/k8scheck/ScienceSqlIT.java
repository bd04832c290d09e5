package dev.gengap.k8scheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs every SQL query of the dashboards on PostgreSQL against the results-store schema. */
class ScienceSqlIT {
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws IOException, SQLException {
    postgres = EmbeddedPostgres.start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          new String(
              ScienceSqlIT.class.getResourceAsStream("/science-schema.sql").readAllBytes(),
              StandardCharsets.UTF_8));
    }
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @Test
  void everySqlQueryRunsAndReturnsRows() throws SQLException {
    List<Dashboards.Query> queries =
        Dashboards.load(DashboardsTest.DASHBOARDS).queries().stream()
            .filter(q -> q.language().equals("sql"))
            .toList();

    assertThat(queries).hasSizeGreaterThanOrEqualTo(5);
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
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
    Dashboards.Query curves =
        Dashboards.load(DashboardsTest.DASHBOARDS).queries().stream()
            .filter(q -> q.panel().startsWith("Training loss per epoch"))
            .findFirst()
            .orElseThrow();

    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(Dashboards.expandSql(curves, List.of("2")))) {
      int count = 0;
      while (rows.next()) {
        assertThat(rows.getString("metric")).startsWith("run 2 ");
        count++;
      }
      assertThat(count).isEqualTo(1);
    }
  }
}
