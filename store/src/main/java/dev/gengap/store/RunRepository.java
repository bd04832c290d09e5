package dev.gengap.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The {@code runs} table: submission, queries, and the work queue the trainers share.
 *
 * <p>Queue protocol for a worker: {@link #claimNext} a run (it becomes RUNNING with a lease owned
 * by the worker), {@link #recordStart} what it trains on, {@link #renewLease} well before the lease
 * expires, poll {@link #isCancelRequested}, and end with {@link #finish} (or {@link #release} on
 * shutdown). Every write of a worker names the worker and fails (returns false) once its lease was
 * lost: after expiry another worker may claim the run and resume it from its last checkpoint.
 */
public final class RunRepository {
  static final String COLUMNS =
      """
      id, request_id, sweep_id, spec::text AS spec, display_name, status, engine, device,
      lease_owner, lease_expires_at, attempts, cancel_requested, created_at, started_at,
      finished_at, error, epochs_completed, checkpoint_epoch, parameter_count, train_content_hash,
      steps_to_99_train_accuracy, steps_to_train_loss_0_1, submitted_by, tf32""";

  private final DataSource dataSource;
  private final Clock clock;

  public RunRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  private static final String INSERT =
      """
      INSERT INTO runs (request_id, sweep_id, spec, display_name, status, model, corruption,
                        corruption_probability, created_at, submitted_by)
      VALUES (?, ?, ?::jsonb, ?, 'QUEUED', ?, ?, ?, ?, ?)
      ON CONFLICT (request_id) DO NOTHING
      RETURNING\s"""
          + COLUMNS;

  /**
   * Queues a run, idempotent on {@code requestId}: when a run with this request id exists
   * (including one inserted concurrently), returns it with {@code created = false}.
   */
  public Submission submit(String requestId, NewRun run) {
    return Jdbc.run(
        dataSource,
        "submit run",
        connection -> {
          Optional<RunRow> inserted =
              insert(connection, Optional.of(requestId), OptionalLong.empty(), run);
          if (inserted.isPresent()) {
            return new Submission(inserted.get(), true);
          }
          // ON CONFLICT DO NOTHING waited for the other insert to commit: the row is visible now.
          return new Submission(
              findByRequestId(connection, requestId)
                  .orElseThrow(() -> new IllegalStateException("run vanished: " + requestId)),
              false);
        });
  }

  /** Inserts one QUEUED run on {@code connection}; empty when the request id is taken. */
  Optional<RunRow> insert(
      Connection connection, Optional<String> requestId, OptionalLong sweepId, NewRun run)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      statement.setString(1, requestId.orElse(null));
      if (sweepId.isPresent()) {
        statement.setLong(2, sweepId.getAsLong());
      } else {
        statement.setNull(2, Types.BIGINT);
      }
      statement.setString(3, SpecJson.json(run.spec()));
      statement.setString(4, run.displayName());
      statement.setString(5, SpecJson.column(run.spec().getModel().getKind()));
      statement.setString(6, SpecJson.column(run.spec().getData().getCorruption()));
      statement.setDouble(7, run.spec().getData().getCorruptionProbability());
      statement.setObject(8, Jdbc.timestamp(clock.instant()));
      statement.setString(9, run.submittedBy());
      return single(statement);
    }
  }

  private static final String FIND = "SELECT " + COLUMNS + " FROM runs WHERE id = ?";

  public Optional<RunRow> find(long runId) {
    return Jdbc.run(
        dataSource,
        "find run",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setLong(1, runId);
            return single(statement);
          }
        });
  }

  private static final String FIND_ALL =
      "SELECT " + COLUMNS + " FROM runs WHERE id = ANY (?) ORDER BY id";

  /** Those of {@code runIds} that exist, by id. */
  public List<RunRow> findAll(Collection<Long> runIds) {
    return Jdbc.run(
        dataSource,
        "find runs",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(FIND_ALL)) {
            statement.setArray(1, connection.createArrayOf("bigint", runIds.toArray()));
            return all(statement);
          }
        });
  }

  private static final String FIND_BY_REQUEST_ID =
      "SELECT " + COLUMNS + " FROM runs WHERE request_id = ?";

  public Optional<RunRow> findByRequestId(String requestId) {
    return Jdbc.run(dataSource, "find run by request id", c -> findByRequestId(c, requestId));
  }

  private static Optional<RunRow> findByRequestId(Connection connection, String requestId)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FIND_BY_REQUEST_ID)) {
      statement.setString(1, requestId);
      return single(statement);
    }
  }

  // Newest first, keyset-paged on id; a filter part that is NULL (or an empty array) matches all.
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + """

           FROM runs
          WHERE (cardinality(?::text[]) = 0 OR status = ANY (?::text[]))
            AND (?::bigint IS NULL OR sweep_id = ?)
            AND (?::text IS NULL OR model = ?)
            AND (?::text IS NULL OR corruption = ?)
            AND (?::bigint IS NULL OR id < ?)
          ORDER BY id DESC
          LIMIT ?""";

  /**
   * Runs matching {@code filter}, newest first: at most {@code limit} runs with an id below {@code
   * beforeId} (keyset pagination: pass the last id of the previous page).
   */
  public List<RunRow> list(RunFilter filter, OptionalLong beforeId, int limit) {
    return Jdbc.run(
        dataSource,
        "list runs",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(LIST)) {
            Array statuses =
                connection.createArrayOf(
                    "text", filter.statuses().stream().map(Enum::name).toArray());
            statement.setArray(1, statuses);
            statement.setArray(2, statuses);
            Long sweep = filter.sweepId().isPresent() ? filter.sweepId().getAsLong() : null;
            statement.setObject(3, sweep, Types.BIGINT);
            statement.setObject(4, sweep, Types.BIGINT);
            String model = filter.model().map(SpecJson::column).orElse(null);
            statement.setString(5, model);
            statement.setString(6, model);
            String corruption = filter.corruption().map(SpecJson::column).orElse(null);
            statement.setString(7, corruption);
            statement.setString(8, corruption);
            Long before = beforeId.isPresent() ? beforeId.getAsLong() : null;
            statement.setObject(9, before, Types.BIGINT);
            statement.setObject(10, before, Types.BIGINT);
            statement.setInt(11, limit);
            return all(statement);
          }
        });
  }

  private static final String LIST_BY_SWEEP =
      "SELECT " + COLUMNS + " FROM runs WHERE sweep_id = ? ORDER BY id";

  /** The runs of a sweep in the order they were created. */
  public List<RunRow> listBySweep(long sweepId) {
    return Jdbc.run(
        dataSource,
        "list runs of sweep",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(LIST_BY_SWEEP)) {
            statement.setLong(1, sweepId);
            return all(statement);
          }
        });
  }

  // One round trip claims and reads the run (db-scheduler's lockAndFetch). SKIP LOCKED lets
  // concurrent trainers pass over a row another one is claiming instead of queueing behind it.
  // A RUNNING run whose lease expired belonged to a worker that died: it is claimed again and
  // resumes from its last checkpoint, unless a cancel was asked for (reapExpired ends those).
  private static final String CLAIM_NEXT =
      """
      UPDATE runs
         SET status = 'RUNNING',
             lease_owner = ?,                          -- 1 worker id
             lease_expires_at = ?,                     -- 2 now + lease
             started_at = COALESCE(started_at, ?),     -- 3 now
             attempts = attempts + 1
       WHERE id = (SELECT id
                     FROM runs
                    WHERE (status = 'QUEUED'
                           OR (status = 'RUNNING'
                               AND lease_expires_at < ?    -- 4 now
                               AND NOT cancel_requested))
                      AND (?::boolean IS NULL              -- 5 the worker's TF32 mode on its GPU
                           OR spec->>'device' = 'DEVICE_CPU'
                           OR COALESCE((spec->>'allowTf32')::boolean, false) = ?) -- 6 the same
                    ORDER BY id
                    LIMIT 1
                      FOR UPDATE SKIP LOCKED)
      RETURNING\s"""
          + COLUMNS;

  /** {@link #claimNext(String, Duration, Capabilities)} for a worker without a GPU. */
  public Optional<RunRow> claimNext(String workerId, Duration lease) {
    return claimNext(workerId, lease, Capabilities.CPU);
  }

  /**
   * Claims the oldest QUEUED run, or the oldest RUNNING run whose lease has expired, that a worker
   * with {@code capabilities} can train as its spec asks, for {@code workerId} with a lease of
   * {@code lease}; empty when there is no such work. A re-claimed run keeps its epochs and
   * checkpoints: the worker resumes from {@code checkpointEpoch}.
   */
  public Optional<RunRow> claimNext(String workerId, Duration lease, Capabilities capabilities) {
    Instant now = clock.instant();
    return Jdbc.run(
        dataSource,
        "claim run",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(CLAIM_NEXT)) {
            statement.setString(1, workerId);
            statement.setObject(2, Jdbc.timestamp(now.plus(lease)));
            statement.setObject(3, Jdbc.timestamp(now));
            statement.setObject(4, Jdbc.timestamp(now));
            Boolean tf32 = capabilities.gpuTf32().orElse(null);
            statement.setObject(5, tf32, Types.BOOLEAN);
            statement.setObject(6, tf32, Types.BOOLEAN);
            return single(statement);
          }
        });
  }

  private static final String RENEW_LEASE =
      """
      UPDATE runs
         SET lease_expires_at = ?                       -- 1 now + lease
       WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""";

  /**
   * Extends the lease of {@code workerId} on a run to now + {@code lease}. False when the lease was
   * lost (another worker claimed the run, or it ended or was released): stop training it.
   */
  public boolean renewLease(long runId, String workerId, Duration lease) {
    return update(
        "renew lease", RENEW_LEASE, Jdbc.timestamp(clock.instant().plus(lease)), runId, workerId);
  }

  private static final String RECORD_START =
      """
      UPDATE runs
         SET engine = ?, device = ?, parameter_count = ?, train_content_hash = ?, tf32 = ?
       WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""";

  /**
   * Records the engine, device, TF32 use, model size and data hash of a claimed run; false if lost.
   */
  public boolean recordStart(long runId, String workerId, RunSetup setup) {
    return update(
        "record run start",
        RECORD_START,
        setup.engine(),
        setup.device(),
        setup.parameterCount(),
        setup.trainContentHash(),
        setup.tf32(),
        runId,
        workerId);
  }

  private static final String IS_CANCEL_REQUESTED =
      "SELECT cancel_requested FROM runs WHERE id = ?";

  /** Whether a client asked to cancel the run; the worker stops within one batch when true. */
  public boolean isCancelRequested(long runId) {
    return Jdbc.run(
        dataSource,
        "read cancel flag",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(IS_CANCEL_REQUESTED)) {
            statement.setLong(1, runId);
            try (ResultSet rs = statement.executeQuery()) {
              return rs.next() && rs.getBoolean(1);
            }
          }
        });
  }

  // A QUEUED run, or a RUNNING one whose worker is gone (lease expired), ends at once; a RUNNING
  // run with a live lease is flagged and its worker ends it.
  private static final String REQUEST_CANCEL =
      """
      UPDATE runs
         SET status = CASE WHEN status = 'QUEUED' OR lease_expires_at < ?        -- 1 now
                           THEN 'CANCELLED' ELSE status END,
             finished_at = CASE WHEN status = 'QUEUED' OR lease_expires_at < ?   -- 2 now
                                THEN ? ELSE finished_at END,                     -- 3 now
             lease_expires_at = CASE WHEN status = 'QUEUED' OR lease_expires_at < ? -- 4 now
                                     THEN NULL ELSE lease_expires_at END,
             cancel_requested = true
       WHERE id = ? AND status IN ('QUEUED', 'RUNNING')                          -- 5
      RETURNING\s"""
          + COLUMNS;

  /**
   * Asks to cancel a run that has not ended: a QUEUED run becomes CANCELLED at once, a RUNNING one
   * gets {@code cancelRequested}. Empty when the run does not exist or has already ended ({@link
   * #find} tells which).
   */
  public Optional<RunRow> requestCancel(long runId) {
    var now = Jdbc.timestamp(clock.instant());
    return Jdbc.run(
        dataSource,
        "cancel run",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(REQUEST_CANCEL)) {
            statement.setObject(1, now);
            statement.setObject(2, now);
            statement.setObject(3, now);
            statement.setObject(4, now);
            statement.setLong(5, runId);
            return single(statement);
          }
        });
  }

  private static final String FINISH =
      """
      UPDATE runs
         SET status = ?, error = ?, finished_at = ?, lease_expires_at = NULL
       WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""";

  /**
   * Ends a run its worker holds with a terminal {@code status} ({@code error} "" unless FAILED).
   * False when the lease was lost; the run is then someone else's and stays as it is.
   */
  public boolean finish(long runId, String workerId, RunStatus status, String error) {
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("status: must be terminal, was " + status);
    }
    return update(
        "finish run",
        FINISH,
        status.name(),
        error,
        Jdbc.timestamp(clock.instant()),
        runId,
        workerId);
  }

  private static final String RELEASE =
      """
      UPDATE runs
         SET status = CASE WHEN cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
             finished_at = CASE WHEN cancel_requested THEN ?::timestamptz END,   -- 1 now
             lease_expires_at = NULL
       WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""";

  /**
   * Hands a run back to the queue (a worker shutting down after its last checkpoint); another
   * worker resumes it at once instead of waiting for the lease to expire. A run whose cancel was
   * requested ends CANCELLED instead. False when the lease was already lost.
   */
  public boolean release(long runId, String workerId) {
    return update("release run", RELEASE, Jdbc.timestamp(clock.instant()), runId, workerId);
  }

  private static final String REAP_EXPIRED =
      """
      UPDATE runs
         SET status = CASE WHEN cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
             finished_at = CASE WHEN cancel_requested THEN ?::timestamptz END,   -- 1 now
             lease_expires_at = NULL
       WHERE status = 'RUNNING' AND lease_expires_at < ?                         -- 2 now""";

  /**
   * Returns every RUNNING run whose lease expired to QUEUED (or ends it CANCELLED if a cancel was
   * requested), so statuses and queue depth tell the truth while no worker is free to claim it.
   * {@link #claimNext} re-claims expired runs by itself; calling this is optional housekeeping.
   *
   * @return how many runs were reaped
   */
  public int reapExpired() {
    var now = Jdbc.timestamp(clock.instant());
    return Jdbc.run(
        dataSource,
        "reap expired leases",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(REAP_EXPIRED)) {
            statement.setObject(1, now);
            statement.setObject(2, now);
            return statement.executeUpdate();
          }
        });
  }

  private static final String COUNT_BY_STATUS = "SELECT status, count(*) FROM runs GROUP BY status";

  /** Run counts for every status (0 included), for the {@code gengap.trainer.runs} gauge. */
  public Map<RunStatus, Long> countByStatus() {
    return Jdbc.run(
        dataSource,
        "count runs",
        connection -> {
          Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
          for (RunStatus status : RunStatus.values()) {
            counts.put(status, 0L);
          }
          try (PreparedStatement statement = connection.prepareStatement(COUNT_BY_STATUS);
              ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              counts.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
          }
          return counts;
        });
  }

  /** Runs waiting for a trainer. */
  public long queueDepth() {
    return countByStatus().get(RunStatus.QUEUED);
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

  static Optional<RunRow> single(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.of(map(rs)) : Optional.empty();
    }
  }

  private static List<RunRow> all(PreparedStatement statement) throws SQLException {
    List<RunRow> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows.add(map(rs));
      }
    }
    return rows;
  }

  private static RunRow map(ResultSet rs) throws SQLException {
    long sweepId = rs.getLong("sweep_id");
    OptionalLong sweep = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(sweepId);
    return new RunRow(
        rs.getLong("id"),
        Optional.ofNullable(rs.getString("request_id")),
        sweep,
        SpecJson.parse(rs.getString("spec")),
        rs.getString("display_name"),
        RunStatus.valueOf(rs.getString("status")),
        rs.getString("engine"),
        rs.getString("device"),
        rs.getString("lease_owner"),
        Jdbc.optionalInstant(rs, "lease_expires_at"),
        rs.getInt("attempts"),
        rs.getBoolean("cancel_requested"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.optionalInstant(rs, "started_at"),
        Jdbc.optionalInstant(rs, "finished_at"),
        rs.getString("error"),
        rs.getInt("epochs_completed"),
        rs.getInt("checkpoint_epoch"),
        rs.getLong("parameter_count"),
        rs.getString("train_content_hash"),
        rs.getLong("steps_to_99_train_accuracy"),
        rs.getLong("steps_to_train_loss_0_1"),
        rs.getString("submitted_by"),
        rs.getString("tf32"));
  }
}
