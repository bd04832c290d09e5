package dev.gengap.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The {@code interpolation_fits} and {@code linear_sgd_epochs} tables: the figures of the
 * interpolating run kinds beyond what every run records.
 */
public final class InterpolationRepository {
  private final DataSource dataSource;
  private final Clock clock;

  public InterpolationRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  // Written only by the worker that holds the run's lease (the SELECT finds no row otherwise).
  private static final String UPSERT_FIT =
      """
      INSERT INTO interpolation_fits (run_id, examples, dimension, solver, fit_seconds,
                                      train_accuracy, rkhs_norm, condition_estimate, weight_count,
                                      largest_weight, minimum_norm, recorded_at)
      SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?                          -- 1..11
        FROM runs WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'  -- 12, 13
      ON CONFLICT (run_id) DO UPDATE
         SET examples = excluded.examples, dimension = excluded.dimension,
             solver = excluded.solver, fit_seconds = excluded.fit_seconds,
             train_accuracy = excluded.train_accuracy, rkhs_norm = excluded.rkhs_norm,
             condition_estimate = excluded.condition_estimate,
             weight_count = excluded.weight_count, largest_weight = excluded.largest_weight,
             minimum_norm = excluded.minimum_norm, recorded_at = excluded.recorded_at""";

  /**
   * Records the fit of a run {@code workerId} holds; false (nothing written) if the lease is lost.
   */
  public boolean recordFit(long runId, String workerId, InterpolationFit fit) {
    return Jdbc.run(
        dataSource,
        "record interpolation fit",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(UPSERT_FIT)) {
            statement.setInt(1, fit.examples());
            statement.setInt(2, fit.dimension());
            statement.setString(3, fit.solver());
            statement.setDouble(4, fit.fitSeconds());
            statement.setDouble(5, fit.trainAccuracy());
            // Typed NULLs: in an INSERT … SELECT the server cannot infer an untyped one.
            setDouble(statement, 6, fit.rkhsNorm());
            setDouble(statement, 7, fit.conditionEstimate());
            if (fit.weightCount().isPresent()) {
              statement.setLong(8, fit.weightCount().getAsLong());
            } else {
              statement.setNull(8, Types.BIGINT);
            }
            setDouble(statement, 9, fit.largestWeight());
            setDouble(statement, 10, fit.minimumNorm());
            statement.setObject(11, Jdbc.timestamp(clock.instant()));
            statement.setLong(12, runId);
            statement.setString(13, workerId);
            return statement.executeUpdate() == 1;
          }
        });
  }

  private static final String UPSERT_SGD_EPOCH =
      """
      INSERT INTO linear_sgd_epochs (run_id, epoch, weight_norm, relative_distance)
      SELECT id, ?, ?, ?                                                   -- 1..3
        FROM runs WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'  -- 4, 5
      ON CONFLICT (run_id, epoch) DO UPDATE
         SET weight_norm = excluded.weight_norm, relative_distance = excluded.relative_distance""";

  /**
   * Records the linear model's ‖W‖ and relative distance to W_min after {@code epoch}; false if the
   * lease is lost.
   */
  public boolean recordSgdEpoch(
      long runId, String workerId, int epoch, double weightNorm, double relativeDistance) {
    return Jdbc.run(
        dataSource,
        "record linear SGD epoch",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(UPSERT_SGD_EPOCH)) {
            statement.setInt(1, epoch);
            statement.setDouble(2, weightNorm);
            statement.setDouble(3, relativeDistance);
            statement.setLong(4, runId);
            statement.setString(5, workerId);
            return statement.executeUpdate() == 1;
          }
        });
  }

  private static final String SET_MINIMUM_NORM_ACCURACIES =
      """
      UPDATE interpolation_fits
         SET minimum_norm_train_accuracy = ?, minimum_norm_test_accuracy = ?
       WHERE run_id = ?""";

  /** Stores the evaluator's measurement of a linear run's minimum-norm interpolant. */
  public void recordMinimumNormAccuracies(long runId, double train, double test) {
    Jdbc.run(
        dataSource,
        "record minimum-norm accuracies",
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(SET_MINIMUM_NORM_ACCURACIES)) {
            statement.setDouble(1, train);
            statement.setDouble(2, test);
            statement.setLong(3, runId);
            return statement.executeUpdate();
          }
        });
  }

  private static final String FIND_FIT =
      """
      SELECT examples, dimension, solver, fit_seconds, train_accuracy, rkhs_norm,
             condition_estimate, weight_count, largest_weight, minimum_norm,
             minimum_norm_train_accuracy, minimum_norm_test_accuracy
        FROM interpolation_fits WHERE run_id = ?""";

  public Optional<InterpolationFit> findFit(long runId) {
    return Jdbc.run(
        dataSource,
        "read interpolation fit",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(FIND_FIT)) {
            statement.setLong(1, runId);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  /** One epoch of {@code linear_sgd_epochs}. */
  public record SgdEpoch(int epoch, double weightNorm, double relativeDistance) {}

  private static final String SGD_EPOCHS =
      """
      SELECT epoch, weight_norm, relative_distance
        FROM linear_sgd_epochs WHERE run_id = ? ORDER BY epoch""";

  /** The linear model's per-epoch figures, in epoch order. */
  public List<SgdEpoch> sgdEpochs(long runId) {
    return Jdbc.run(
        dataSource,
        "read linear SGD epochs",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(SGD_EPOCHS)) {
            statement.setLong(1, runId);
            List<SgdEpoch> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new SgdEpoch(
                        rs.getInt("epoch"),
                        rs.getDouble("weight_norm"),
                        rs.getDouble("relative_distance")));
              }
            }
            return rows;
          }
        });
  }

  private static InterpolationFit map(ResultSet rs) throws SQLException {
    long weightCount = rs.getLong("weight_count");
    OptionalLong weights = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(weightCount);
    return new InterpolationFit(
        rs.getInt("examples"),
        rs.getInt("dimension"),
        rs.getString("solver"),
        rs.getDouble("fit_seconds"),
        rs.getDouble("train_accuracy"),
        optional(rs, "rkhs_norm"),
        optional(rs, "condition_estimate"),
        weights,
        optional(rs, "largest_weight"),
        optional(rs, "minimum_norm"),
        optional(rs, "minimum_norm_train_accuracy"),
        optional(rs, "minimum_norm_test_accuracy"));
  }

  private static OptionalDouble optional(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private static void setDouble(PreparedStatement statement, int index, OptionalDouble value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setDouble(index, value.getAsDouble());
    } else {
      statement.setNull(index, Types.DOUBLE);
    }
  }
}
