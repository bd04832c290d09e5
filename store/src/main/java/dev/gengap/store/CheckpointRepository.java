package dev.gengap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code checkpoints} table: the newest few saved states of each run. */
public final class CheckpointRepository {
  /** Checkpoints kept per run unless the constructor says otherwise. */
  public static final int DEFAULT_KEEP = 3;

  private final DataSource dataSource;
  private final Clock clock;
  private final int keep;

  public CheckpointRepository(DataSource dataSource, Clock clock) {
    this(dataSource, clock, DEFAULT_KEEP);
  }

  /** Keeps the newest {@code keep} (≥ 1) checkpoints of each run. */
  public CheckpointRepository(DataSource dataSource, Clock clock, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep: must be >= 1, was " + keep);
    }
    this.dataSource = dataSource;
    this.clock = clock;
    this.keep = keep;
  }

  private static final String ADVANCE_RUN =
      """
      UPDATE runs SET checkpoint_epoch = ?
       WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""";

  private static final String UPSERT =
      """
      INSERT INTO checkpoints (run_id, epoch, blob, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (run_id, epoch) DO UPDATE
         SET blob = excluded.blob, created_at = excluded.created_at""";

  private static final String PRUNE =
      """
      DELETE FROM checkpoints
       WHERE run_id = ?
         AND epoch NOT IN (SELECT epoch FROM checkpoints WHERE run_id = ?
                            ORDER BY epoch DESC LIMIT ?)""";

  /**
   * Saves the state after {@code epoch} of a run {@code workerId} holds, makes it the run's {@code
   * checkpointEpoch} and drops all but the newest few, in one transaction. False (nothing written)
   * when the lease was lost.
   */
  public boolean save(long runId, String workerId, int epoch, byte[] blob) {
    var now = Jdbc.timestamp(clock.instant());
    return Jdbc.transaction(
        dataSource,
        "save checkpoint",
        connection -> {
          try (PreparedStatement advance = connection.prepareStatement(ADVANCE_RUN)) {
            advance.setInt(1, epoch);
            advance.setLong(2, runId);
            advance.setString(3, workerId);
            if (advance.executeUpdate() == 0) {
              return false;
            }
          }
          try (PreparedStatement insert = connection.prepareStatement(UPSERT)) {
            insert.setLong(1, runId);
            insert.setInt(2, epoch);
            insert.setBytes(3, blob);
            insert.setObject(4, now);
            insert.executeUpdate();
          }
          try (PreparedStatement prune = connection.prepareStatement(PRUNE)) {
            prune.setLong(1, runId);
            prune.setLong(2, runId);
            prune.setInt(3, keep);
            prune.executeUpdate();
          }
          return true;
        });
  }

  private static final String LATEST =
      """
      SELECT run_id, epoch, blob, created_at FROM checkpoints
       WHERE run_id = ? ORDER BY epoch DESC LIMIT 1""";

  /** The newest checkpoint of a run: where a resumed run continues, what the evaluator loads. */
  public Optional<Checkpoint> latest(long runId) {
    return one("read latest checkpoint", LATEST, runId);
  }

  private static final String AT =
      "SELECT run_id, epoch, blob, created_at FROM checkpoints WHERE run_id = ? AND epoch = ?";

  /** The checkpoint of a run after {@code epoch}, if it is still kept. */
  public Optional<Checkpoint> at(long runId, int epoch) {
    return one("read checkpoint", AT, runId, epoch);
  }

  private static final String EPOCHS =
      "SELECT epoch FROM checkpoints WHERE run_id = ? ORDER BY epoch";

  /** Epochs of the kept checkpoints of a run, oldest first. */
  public List<Integer> epochs(long runId) {
    return Jdbc.run(
        dataSource,
        "list checkpoints",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(EPOCHS)) {
            statement.setLong(1, runId);
            List<Integer> epochs = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                epochs.add(rs.getInt(1));
              }
            }
            return epochs;
          }
        });
  }

  private Optional<Checkpoint> one(String what, String sql, Object... parameters) {
    return Jdbc.run(
        dataSource,
        what,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  private static Checkpoint map(ResultSet rs) throws SQLException {
    return new Checkpoint(
        rs.getLong("run_id"),
        rs.getInt("epoch"),
        rs.getBytes("blob"),
        Jdbc.instant(rs, "created_at"));
  }
}
