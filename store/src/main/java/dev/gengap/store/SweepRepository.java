package dev.gengap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** The {@code sweeps} table: named sets of runs created together. */
public final class SweepRepository {
  private final DataSource dataSource;
  private final Clock clock;
  private final RunRepository runs;

  public SweepRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.runs = new RunRepository(dataSource, clock);
  }

  private static final String INSERT =
      """
      INSERT INTO sweeps (name, request_id, created_at) VALUES (?, ?, ?)
      ON CONFLICT (request_id) DO NOTHING
      RETURNING id""";

  /**
   * Creates a sweep and queues its runs in one transaction, idempotent on {@code requestId}: when a
   * sweep with this request id exists (including one created concurrently), returns it with {@code
   * created = false} and queues nothing.
   */
  public SweepCreation create(String requestId, String name, List<NewRun> newRuns) {
    return Jdbc.transaction(
        dataSource,
        "create sweep",
        connection -> {
          OptionalLong sweepId = OptionalLong.empty();
          try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, name);
            insert.setString(2, requestId);
            insert.setObject(3, Jdbc.timestamp(clock.instant()));
            try (ResultSet rs = insert.executeQuery()) {
              if (rs.next()) {
                sweepId = OptionalLong.of(rs.getLong(1));
              }
            }
          }
          if (sweepId.isEmpty()) {
            SweepRow existing =
                findByRequestId(connection, requestId)
                    .orElseThrow(() -> new IllegalStateException("sweep vanished: " + requestId));
            return new SweepCreation(existing, false);
          }
          for (NewRun run : newRuns) {
            // Sweep runs carry no request id of their own: the sweep's makes them idempotent.
            runs.insert(connection, Optional.empty(), sweepId, run);
          }
          return new SweepCreation(find(connection, sweepId.getAsLong()).orElseThrow(), true);
        });
  }

  private static final String SELECT =
      """
      SELECT s.id, s.name, s.request_id, s.created_at,
             array(SELECT r.id FROM runs r WHERE r.sweep_id = s.id ORDER BY r.id) AS run_ids
        FROM sweeps s""";

  private static final String FIND = SELECT + " WHERE s.id = ?";

  public Optional<SweepRow> find(long sweepId) {
    return Jdbc.run(dataSource, "find sweep", connection -> find(connection, sweepId));
  }

  private static Optional<SweepRow> find(Connection connection, long sweepId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FIND)) {
      statement.setLong(1, sweepId);
      return first(statement);
    }
  }

  private static final String FIND_BY_REQUEST_ID = SELECT + " WHERE s.request_id = ?";

  private static Optional<SweepRow> findByRequestId(Connection connection, String requestId)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FIND_BY_REQUEST_ID)) {
      statement.setString(1, requestId);
      return first(statement);
    }
  }

  private static final String LIST =
      SELECT + " WHERE (?::bigint IS NULL OR s.id < ?) ORDER BY s.id DESC LIMIT ?";

  /** Sweeps newest first: at most {@code limit} with an id below {@code beforeId}. */
  public List<SweepRow> list(OptionalLong beforeId, int limit) {
    return Jdbc.run(
        dataSource,
        "list sweeps",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(LIST)) {
            Long before = beforeId.isPresent() ? beforeId.getAsLong() : null;
            statement.setObject(1, before, Types.BIGINT);
            statement.setObject(2, before, Types.BIGINT);
            statement.setInt(3, limit);
            List<SweepRow> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                rows.add(map(rs));
              }
            }
            return rows;
          }
        });
  }

  private static Optional<SweepRow> first(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.of(map(rs)) : Optional.empty();
    }
  }

  private static SweepRow map(ResultSet rs) throws SQLException {
    Long[] runIds = (Long[]) rs.getArray("run_ids").getArray();
    return new SweepRow(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("request_id"),
        Jdbc.instant(rs, "created_at"),
        Arrays.asList(runIds));
  }
}
