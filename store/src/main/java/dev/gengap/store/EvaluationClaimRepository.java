package dev.gengap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code evaluation_claims} table: the evaluators' work queue. Every SUCCEEDED run without an
 * evaluation is work; an evaluator {@link #claimNext claims} one with a lease (other replicas pass
 * over it), {@link #renew renews} the lease while it measures, and ends with {@link #complete}
 * (stores the evaluation, drops the claim) or {@link #fail} (frees the run, not to be retried
 * automatically before {@code retryAfter}). A claim whose lease expired (its evaluator died) is
 * claimed again by anyone.
 */
public final class EvaluationClaimRepository {
  private static final String COLUMNS =
      "run_id, owner, lease_expires_at, attempts, retry_after, error";

  private final DataSource dataSource;
  private final Clock clock;

  public EvaluationClaimRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  // One statement finds and claims (db-scheduler's lockAndFetch). SKIP LOCKED lets a concurrent
  // evaluator pass over a run another one is claiming; when both still pick the same run (one
  // committed between the other's snapshot and its lock), ON CONFLICT's WHERE refuses the loser,
  // since the winner's lease is live. NO KEY UPDATE, not UPDATE: it must not block the foreign-key
  // checks of writes that reference the run.
  private static final String CLAIM_NEXT =
      """
      INSERT INTO evaluation_claims AS c (run_id, owner, lease_expires_at)
      SELECT r.id, ?, ?                                                      -- 1 owner, 2 expiry
        FROM runs r
       WHERE r.status = 'SUCCEEDED'
         AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.run_id = r.id)
         AND NOT EXISTS (SELECT 1 FROM evaluation_claims x
                          WHERE x.run_id = r.id
                            AND (x.lease_expires_at > ? OR x.retry_after > ?)) -- 3, 4 now
       ORDER BY r.id
       LIMIT 1
         FOR NO KEY UPDATE OF r SKIP LOCKED
      ON CONFLICT (run_id) DO UPDATE
         SET owner = excluded.owner, lease_expires_at = excluded.lease_expires_at,
             attempts = c.attempts + 1, retry_after = NULL
       WHERE c.lease_expires_at <= ?                                          -- 5 now
         AND (c.retry_after IS NULL OR c.retry_after <= ?)                    -- 6 now
      RETURNING\s"""
          + COLUMNS;

  /**
   * Claims the oldest SUCCEEDED run that has no evaluation, no live claim and no pending retry
   * delay, for {@code owner} until now + {@code lease}; empty when there is nothing to evaluate (or
   * the run it found was evaluated while it claimed it: the next poll goes on).
   */
  public Optional<EvaluationClaim> claimNext(String owner, Duration lease) {
    Instant now = clock.instant();
    return Jdbc.transaction(
        dataSource,
        "claim evaluation",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(CLAIM_NEXT)) {
            statement.setString(1, owner);
            statement.setObject(2, Jdbc.timestamp(now.plus(lease)));
            statement.setObject(3, Jdbc.timestamp(now));
            statement.setObject(4, Jdbc.timestamp(now));
            statement.setObject(5, Jdbc.timestamp(now));
            statement.setObject(6, Jdbc.timestamp(now));
            return unlessEvaluated(connection, single(statement));
          }
        });
  }

  // The same claim for one named run, ignoring the retry delay: someone asked for it.
  private static final String CLAIM =
      """
      INSERT INTO evaluation_claims AS c (run_id, owner, lease_expires_at)
      SELECT r.id, ?, ?                                                      -- 1 owner, 2 expiry
        FROM runs r
       WHERE r.id = ?                                                         -- 3 run
         AND r.status = 'SUCCEEDED'
         AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.run_id = r.id)
         FOR NO KEY UPDATE OF r
      ON CONFLICT (run_id) DO UPDATE
         SET owner = excluded.owner, lease_expires_at = excluded.lease_expires_at,
             attempts = c.attempts + 1, retry_after = NULL
       WHERE c.lease_expires_at <= ?                                          -- 4 now
      RETURNING\s"""
          + COLUMNS;

  /**
   * Claims {@code runId} for {@code owner} until now + {@code lease}, even while a retry delay is
   * pending. Empty when the run is not SUCCEEDED, already has an evaluation, or another claim on it
   * is live.
   */
  public Optional<EvaluationClaim> claim(long runId, String owner, Duration lease) {
    Instant now = clock.instant();
    return Jdbc.transaction(
        dataSource,
        "claim evaluation of run",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setString(1, owner);
            statement.setObject(2, Jdbc.timestamp(now.plus(lease)));
            statement.setLong(3, runId);
            statement.setObject(4, Jdbc.timestamp(now));
            return unlessEvaluated(connection, single(statement));
          }
        });
  }

  private static final String EVALUATED = "SELECT 1 FROM evaluations WHERE run_id = ?";

  /**
   * {@code claimed}, or empty (the claim undone) when its run has an evaluation by now. A claim
   * statement reads the evaluations with the snapshot it started with. When a completion (which
   * deletes its claim and stores the evaluation) commits while the statement runs, its INSERT waits
   * for that commit, then finds no claim in its way and succeeds — for a run that now has an
   * evaluation, which would be measured a second time. A new statement sees the commit (READ
   * COMMITTED).
   */
  private static Optional<EvaluationClaim> unlessEvaluated(
      Connection connection, Optional<EvaluationClaim> claimed) throws SQLException {
    if (claimed.isEmpty()) {
      return claimed;
    }
    try (PreparedStatement statement = connection.prepareStatement(EVALUATED)) {
      statement.setLong(1, claimed.get().runId());
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return claimed;
        }
      }
    }
    connection.rollback();
    return Optional.empty();
  }

  private static final String RENEW =
      """
      UPDATE evaluation_claims SET lease_expires_at = ?                       -- 1 now + lease
       WHERE run_id = ? AND owner = ? AND lease_expires_at > ?                -- 2, 3, 4 now""";

  /** Extends a live claim of {@code owner}; false when it was lost (expired or taken over). */
  public boolean renew(long runId, String owner, Duration lease) {
    Instant now = clock.instant();
    return update(
        "renew evaluation claim",
        RENEW,
        Jdbc.timestamp(now.plus(lease)),
        runId,
        owner,
        Jdbc.timestamp(now));
  }

  private static final String RELEASE_FOR_COMPLETION =
      "DELETE FROM evaluation_claims WHERE run_id = ? AND owner = ?";

  /**
   * Stores the evaluation of a run {@code owner} has claimed and drops the claim, in one
   * transaction. False (nothing stored) when the claim was taken over by another evaluator.
   */
  public boolean complete(Evaluation evaluation, String owner) {
    return Jdbc.transaction(
        dataSource,
        "complete evaluation",
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(RELEASE_FOR_COMPLETION)) {
            delete.setLong(1, evaluation.runId());
            delete.setString(2, owner);
            if (delete.executeUpdate() == 0) {
              return false;
            }
          }
          EvaluationRepository.save(connection, evaluation);
          return true;
        });
  }

  private static final String FAIL =
      """
      UPDATE evaluation_claims
         SET lease_expires_at = ?, retry_after = ?, error = ?                 -- 1 now, 2, 3
       WHERE run_id = ? AND owner = ?                                         -- 4, 5""";

  /**
   * Frees a run whose evaluation failed; the background loop tries it again after {@code
   * retryAfter}. False when the claim was taken over by another evaluator.
   */
  public boolean fail(long runId, String owner, String error, Instant retryAfter) {
    return update(
        "fail evaluation",
        FAIL,
        Jdbc.timestamp(clock.instant()),
        Jdbc.timestamp(retryAfter),
        error,
        runId,
        owner);
  }

  private static final String FIND =
      "SELECT " + COLUMNS + " FROM evaluation_claims WHERE run_id = ?";

  /** The claim on a run, live or not; empty when the run was never claimed or is evaluated. */
  public Optional<EvaluationClaim> find(long runId) {
    return Jdbc.run(
        dataSource,
        "find evaluation claim",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setLong(1, runId);
            return single(statement);
          }
        });
  }

  private boolean update(String what, String sql, Object... parameters) {
    return Jdbc.run(
        dataSource,
        what,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
              statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate() == 1;
          }
        });
  }

  private static Optional<EvaluationClaim> single(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.of(map(rs)) : Optional.empty();
    }
  }

  private static EvaluationClaim map(ResultSet rs) throws SQLException {
    return new EvaluationClaim(
        rs.getLong("run_id"),
        rs.getString("owner"),
        Jdbc.instant(rs, "lease_expires_at"),
        rs.getInt("attempts"),
        Jdbc.optionalInstant(rs, "retry_after"),
        rs.getString("error"));
  }
}
