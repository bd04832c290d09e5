package dev.gengap.store;

import dev.gengap.store.EpochMetrics.TestMeasurement;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code epoch_metrics} table: one row per run and epoch, the learning curves. */
public final class EpochRepository {
  /** Figure 1b's default "fitted" threshold: running training accuracy ≥ 99 % (DESIGN.md §1). */
  public static final double FIT_TRAIN_ACCURACY = 0.99;

  /** The second time-to-fit threshold DESIGN.md §1 asks for: training loss ≤ 0.1. */
  public static final double FIT_TRAIN_LOSS = 0.1;

  private final DataSource dataSource;
  private final Clock clock;

  public EpochRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  // Locks the run row first (the same lock claimNext takes), so an epoch is only recorded by the
  // worker that holds the lease. The time-to-fit columns keep the first epoch that reached them.
  private static final String ADVANCE_RUN =
      """
      UPDATE runs
         SET epochs_completed = ?,                                                -- 1 epoch
             steps_to_99_train_accuracy =
               CASE WHEN steps_to_99_train_accuracy = 0 AND ? >= ?                -- 2 acc, 3
                    THEN ? ELSE steps_to_99_train_accuracy END,                    -- 4 steps
             steps_to_train_loss_0_1 =
               CASE WHEN steps_to_train_loss_0_1 = 0 AND ? <= ?                   -- 5 loss, 6
                    THEN ? ELSE steps_to_train_loss_0_1 END                        -- 7 steps
       WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'                    -- 8, 9""";

  // An epoch trained again after a resume replaces the row of the lost attempt.
  private static final String UPSERT_EPOCH =
      """
      INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_accuracy, learning_rate,
                                 samples_per_second, wall_seconds, steps, recorded_at,
                                 test_accuracy, test_loss)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id, epoch) DO UPDATE
         SET train_loss = excluded.train_loss, train_accuracy = excluded.train_accuracy,
             learning_rate = excluded.learning_rate,
             samples_per_second = excluded.samples_per_second,
             wall_seconds = excluded.wall_seconds, steps = excluded.steps,
             recorded_at = excluded.recorded_at, test_accuracy = excluded.test_accuracy,
             test_loss = excluded.test_loss""";

  /**
   * Records an epoch of a run that {@code workerId} holds, and advances the run's {@code
   * epochsCompleted} and time-to-fit columns, in one transaction. False (nothing written) when the
   * lease was lost.
   */
  public boolean record(long runId, String workerId, EpochMetrics m) {
    var now = Jdbc.timestamp(clock.instant());
    return Jdbc.transaction(
        dataSource,
        "record epoch",
        connection -> {
          try (PreparedStatement advance = connection.prepareStatement(ADVANCE_RUN)) {
            advance.setInt(1, m.epoch());
            advance.setDouble(2, m.trainAccuracy());
            advance.setDouble(3, FIT_TRAIN_ACCURACY);
            advance.setLong(4, m.steps());
            advance.setDouble(5, m.trainLoss());
            advance.setDouble(6, FIT_TRAIN_LOSS);
            advance.setLong(7, m.steps());
            advance.setLong(8, runId);
            advance.setString(9, workerId);
            if (advance.executeUpdate() == 0) {
              return false;
            }
          }
          try (PreparedStatement insert = connection.prepareStatement(UPSERT_EPOCH)) {
            insert.setLong(1, runId);
            insert.setInt(2, m.epoch());
            insert.setDouble(3, m.trainLoss());
            insert.setDouble(4, m.trainAccuracy());
            insert.setDouble(5, m.learningRate());
            insert.setDouble(6, m.samplesPerSecond());
            insert.setDouble(7, m.wallSeconds());
            insert.setLong(8, m.steps());
            insert.setObject(9, now);
            insert.setObject(10, m.test().map(TestMeasurement::accuracy).orElse(null));
            insert.setObject(11, m.test().map(TestMeasurement::loss).orElse(null));
            insert.executeUpdate();
          }
          return true;
        });
  }

  private static final String REWIND_RUN =
      """
      UPDATE runs
         SET epochs_completed = ?,                                                  -- 1
             steps_to_99_train_accuracy =
               CASE WHEN steps_to_99_train_accuracy > ? THEN 0                      -- 2 kept steps
                    ELSE steps_to_99_train_accuracy END,
             steps_to_train_loss_0_1 =
               CASE WHEN steps_to_train_loss_0_1 > ? THEN 0                         -- 3 kept steps
                    ELSE steps_to_train_loss_0_1 END
       WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'                      -- 4, 5""";

  private static final String DELETE_AFTER =
      "DELETE FROM epoch_metrics WHERE run_id = ? AND epoch > ?";

  private static final String STEPS_AT =
      "SELECT steps FROM epoch_metrics WHERE run_id = ? AND epoch = ?";

  /**
   * Forgets the epochs after {@code epoch} of a run {@code workerId} holds: a worker resuming from
   * the checkpoint of {@code epoch} trains those again. Time-to-fit marks reached in the dropped
   * epochs are cleared. False when the lease was lost.
   */
  public boolean discardAfter(long runId, String workerId, int epoch) {
    return Jdbc.transaction(
        dataSource,
        "discard epochs",
        connection -> {
          long keptSteps = 0;
          try (PreparedStatement steps = connection.prepareStatement(STEPS_AT)) {
            steps.setLong(1, runId);
            steps.setInt(2, epoch);
            try (ResultSet rs = steps.executeQuery()) {
              if (rs.next()) {
                keptSteps = rs.getLong(1);
              }
            }
          }
          try (PreparedStatement lock = connection.prepareStatement(REWIND_RUN)) {
            lock.setInt(1, epoch);
            lock.setLong(2, keptSteps);
            lock.setLong(3, keptSteps);
            lock.setLong(4, runId);
            lock.setString(5, workerId);
            if (lock.executeUpdate() == 0) {
              return false;
            }
          }
          try (PreparedStatement delete = connection.prepareStatement(DELETE_AFTER)) {
            delete.setLong(1, runId);
            delete.setInt(2, epoch);
            delete.executeUpdate();
          }
          return true;
        });
  }

  private static final String COLUMNS =
      """
      run_id, epoch, train_loss, train_accuracy, learning_rate, samples_per_second, wall_seconds,
      steps, recorded_at, test_accuracy, test_loss""";

  private static final String AFTER =
      "SELECT "
          + COLUMNS
          + " FROM epoch_metrics WHERE run_id = ? AND epoch > ? ORDER BY epoch LIMIT ?";

  /**
   * Up to {@code limit} epochs of a run after {@code afterEpoch} (0 = from the first), in order.
   */
  public List<EpochRow> after(long runId, int afterEpoch, int limit) {
    return Jdbc.run(
        dataSource,
        "read epochs",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(AFTER)) {
            statement.setLong(1, runId);
            statement.setInt(2, afterEpoch);
            statement.setInt(3, limit);
            List<EpochRow> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                rows.add(map(rs));
              }
            }
            return rows;
          }
        });
  }

  /** Every epoch of a run, in order. */
  public List<EpochRow> history(long runId) {
    return after(runId, 0, Integer.MAX_VALUE);
  }

  private static final String HISTORIES =
      "SELECT " + COLUMNS + " FROM epoch_metrics WHERE run_id = ANY (?) ORDER BY run_id, epoch";

  /** Every epoch of each of {@code runIds}, in order; a run without epochs is absent. */
  public Map<Long, List<EpochRow>> histories(Collection<Long> runIds) {
    return Jdbc.run(
        dataSource,
        "read epoch histories",
        connection -> {
          Map<Long, List<EpochRow>> histories = new HashMap<>();
          try (PreparedStatement statement = connection.prepareStatement(HISTORIES)) {
            statement.setArray(1, connection.createArrayOf("bigint", runIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                EpochRow row = map(rs);
                histories.computeIfAbsent(row.runId(), id -> new ArrayList<>()).add(row);
              }
            }
          }
          return histories;
        });
  }

  private static final String LATEST =
      "SELECT DISTINCT ON (run_id) "
          + COLUMNS
          + " FROM epoch_metrics WHERE run_id = ANY (?) ORDER BY run_id, epoch DESC";

  /** The newest epoch of each of {@code runIds} that has one. */
  public Map<Long, EpochRow> latest(Collection<Long> runIds) {
    return Jdbc.run(
        dataSource,
        "read latest epochs",
        connection -> {
          Map<Long, EpochRow> latest = new HashMap<>();
          try (PreparedStatement statement = connection.prepareStatement(LATEST)) {
            Array ids = connection.createArrayOf("bigint", runIds.toArray());
            statement.setArray(1, ids);
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                EpochRow row = map(rs);
                latest.put(row.runId(), row);
              }
            }
          }
          return latest;
        });
  }

  private static EpochRow map(ResultSet rs) throws SQLException {
    double testAccuracy = rs.getDouble("test_accuracy");
    Optional<TestMeasurement> test =
        rs.wasNull()
            ? Optional.empty()
            : Optional.of(new TestMeasurement(testAccuracy, rs.getDouble("test_loss")));
    return new EpochRow(
        rs.getLong("run_id"),
        new EpochMetrics(
            rs.getInt("epoch"),
            rs.getDouble("train_loss"),
            rs.getDouble("train_accuracy"),
            rs.getDouble("learning_rate"),
            rs.getDouble("samples_per_second"),
            rs.getDouble("wall_seconds"),
            rs.getLong("steps"),
            test),
        Jdbc.instant(rs, "recorded_at"));
  }
}
