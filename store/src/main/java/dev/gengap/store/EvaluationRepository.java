package dev.gengap.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code evaluations} table: at most one evaluation per run, the newest wins. */
public final class EvaluationRepository {
  private final DataSource dataSource;

  public EvaluationRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private static final String COLUMNS =
      """
      run_id, checkpoint_epoch, train_accuracy, train_loss, test_accuracy, test_loss,
      train_examples, test_examples, evaluated_at, seconds""";

  private static final String UPSERT =
      """
      INSERT INTO evaluations (run_id, checkpoint_epoch, train_accuracy, train_loss, test_accuracy,
                               test_loss, accuracy_gap, loss_gap, train_examples, test_examples,
                               evaluated_at, seconds)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE
         SET checkpoint_epoch = excluded.checkpoint_epoch,
             train_accuracy = excluded.train_accuracy, train_loss = excluded.train_loss,
             test_accuracy = excluded.test_accuracy, test_loss = excluded.test_loss,
             accuracy_gap = excluded.accuracy_gap, loss_gap = excluded.loss_gap,
             train_examples = excluded.train_examples, test_examples = excluded.test_examples,
             evaluated_at = excluded.evaluated_at, seconds = excluded.seconds""";

  /** Stores the evaluation of a run, replacing an earlier one. */
  public void save(Evaluation e) {
    Jdbc.run(dataSource, "save evaluation", connection -> save(connection, e));
  }

  static int save(Connection connection, Evaluation e) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
      statement.setLong(1, e.runId());
      statement.setInt(2, e.checkpointEpoch());
      statement.setDouble(3, e.trainAccuracy());
      statement.setDouble(4, e.trainLoss());
      statement.setDouble(5, e.testAccuracy());
      statement.setDouble(6, e.testLoss());
      statement.setDouble(7, e.accuracyGap());
      statement.setDouble(8, e.lossGap());
      statement.setInt(9, e.trainExamples());
      statement.setInt(10, e.testExamples());
      statement.setObject(11, Jdbc.timestamp(e.evaluatedAt()));
      statement.setDouble(12, e.seconds());
      return statement.executeUpdate();
    }
  }

  private static final String FIND_ALL =
      "SELECT " + COLUMNS + " FROM evaluations WHERE run_id = ANY (?) ORDER BY run_id";

  public Optional<Evaluation> find(long runId) {
    return findAll(List.of(runId)).stream().findFirst();
  }

  /** The evaluations of those of {@code runIds} that have one, by run id. */
  public List<Evaluation> findAll(Collection<Long> runIds) {
    return Jdbc.run(
        dataSource,
        "read evaluations",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(FIND_ALL)) {
            Array ids = connection.createArrayOf("bigint", runIds.toArray());
            statement.setArray(1, ids);
            List<Evaluation> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
              while (rs.next()) {
                rows.add(map(rs));
              }
            }
            return rows;
          }
        });
  }

  private static Evaluation map(ResultSet rs) throws SQLException {
    return new Evaluation(
        rs.getLong("run_id"),
        rs.getInt("checkpoint_epoch"),
        rs.getDouble("train_accuracy"),
        rs.getDouble("train_loss"),
        rs.getDouble("test_accuracy"),
        rs.getDouble("test_loss"),
        rs.getInt("train_examples"),
        rs.getInt("test_examples"),
        Jdbc.instant(rs, "evaluated_at"),
        rs.getDouble("seconds"));
  }
}
