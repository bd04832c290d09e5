package dev.gengap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class EvaluationClaimRepositoryIT {
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final SettableClock clock = new SettableClock();
  private final DataSource dataSource;
  private final RunRepository runs;
  private final EpochRepository epochs;
  private final EvaluationRepository evaluations;
  private final EvaluationClaimRepository claims;

  EvaluationClaimRepositoryIT(DataSource dataSource) {
    this.dataSource = dataSource;
    runs = new RunRepository(dataSource, clock);
    epochs = new EpochRepository(dataSource, clock);
    evaluations = new EvaluationRepository(dataSource);
    claims = new EvaluationClaimRepository(dataSource, clock);
  }

  /** Submits a run and drives it through a worker to {@code end}. */
  private long finishedRun(String requestId, RunStatus end) {
    long id = runs.submit(requestId, TestSpecs.mlp(requestId.hashCode())).run().id();
    assertThat(runs.claimNext("w", LEASE)).map(RunRow::id).hasValue(id);
    assertThat(runs.finish(id, "w", end, "")).isTrue();
    return id;
  }

  private Evaluation evaluationOf(long runId) {
    return new Evaluation(runId, 3, 1.0, 0.01, 0.1, 2.3, 500, 100, clock.instant(), 1.5);
  }

  @Test
  void claimNextTakesSucceededRunsWithoutEvaluationOldestFirst() {
    long failed = finishedRun("failed", RunStatus.FAILED);
    long first = finishedRun("first", RunStatus.SUCCEEDED);
    long second = finishedRun("second", RunStatus.SUCCEEDED);
    long evaluated = finishedRun("evaluated", RunStatus.SUCCEEDED);
    evaluations.save(evaluationOf(evaluated));
    runs.submit("queued", TestSpecs.mlp(9));

    Optional<EvaluationClaim> a = claims.claimNext("e1", LEASE);
    Optional<EvaluationClaim> b = claims.claimNext("e2", LEASE);
    Optional<EvaluationClaim> none = claims.claimNext("e3", LEASE);

    assertThat(a).map(EvaluationClaim::runId).hasValue(first);
    assertThat(a.orElseThrow().owner()).isEqualTo("e1");
    assertThat(a.orElseThrow().leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(a.orElseThrow().attempts()).isEqualTo(1);
    assertThat(b).map(EvaluationClaim::runId).hasValue(second);
    assertThat(none).isEmpty();
    assertThat(failed).isNotIn(first, second);
  }

  @Test
  void concurrentClaimersNeverGetTheSameRun() throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(finishedRun("r" + i, RunStatus.SUCCEEDED));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Optional<EvaluationClaim>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String owner = "e" + i;
        calls.add(() -> claims.claimNext(owner, LEASE));
      }
      List<Long> claimed = new ArrayList<>();
      for (Future<Optional<EvaluationClaim>> f : pool.invokeAll(calls)) {
        f.get().ifPresent(c -> claimed.add(c.runId()));
      }
      // Each run at most once; a claimer that lost a race may come back empty this round.
      assertThat(claimed).doesNotHaveDuplicates().isSubsetOf(ids).isNotEmpty();
      while (claimed.size() < ids.size()) {
        claimed.add(claims.claimNext("late", LEASE).orElseThrow().runId());
      }
      assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(claims.claimNext("late", LEASE)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void expiredClaimIsTakenOverAndTheLoserCannotComplete() {
    long id = finishedRun("a", RunStatus.SUCCEEDED);
    claims.claimNext("dead", LEASE).orElseThrow();
    clock.advance(Duration.ofMinutes(1));
    assertThat(claims.renew(id, "dead", LEASE)).isTrue();
    clock.advance(LEASE.plusSeconds(1));

    EvaluationClaim taken = claims.claimNext("alive", LEASE).orElseThrow();

    assertThat(taken.runId()).isEqualTo(id);
    assertThat(taken.attempts()).isEqualTo(2);
    assertThat(claims.renew(id, "dead", LEASE)).isFalse();
    assertThat(claims.complete(evaluationOf(id), "dead")).isFalse();
    assertThat(evaluations.find(id)).isEmpty();
    assertThat(claims.complete(evaluationOf(id), "alive")).isTrue();
    assertThat(evaluations.find(id)).hasValue(evaluationOf(id));
    assertThat(claims.find(id)).isEmpty();
    assertThat(claims.claimNext("alive", LEASE)).isEmpty();
  }

  @Test
  void failedRunWaitsForItsRetryTimeUnlessClaimedByName() {
    long id = finishedRun("a", RunStatus.SUCCEEDED);
    claims.claimNext("e", LEASE).orElseThrow();
    assertThat(claims.fail(id, "e", "no checkpoint", clock.instant().plusSeconds(60))).isTrue();

    assertThat(claims.claimNext("e", LEASE)).isEmpty();
    assertThat(claims.find(id).orElseThrow().error()).isEqualTo("no checkpoint");
    clock.advance(Duration.ofSeconds(61));
    EvaluationClaim retried = claims.claimNext("e", LEASE).orElseThrow();
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(retried.retryAfter()).isEmpty();

    claims.fail(id, "e", "again", clock.instant().plusSeconds(600));
    assertThat(claims.claimNext("e", LEASE)).isEmpty();
    assertThat(claims.claim(id, "on-demand", LEASE)).map(EvaluationClaim::attempts).hasValue(3);
  }

  @Test
  void claimByNameRefusesLiveClaimsEvaluatedAndUnfinishedRuns() {
    long id = finishedRun("a", RunStatus.SUCCEEDED);
    long cancelled = finishedRun("b", RunStatus.CANCELLED);
    long evaluated = finishedRun("c", RunStatus.SUCCEEDED);
    evaluations.save(evaluationOf(evaluated));

    assertThat(claims.claim(id, "e1", LEASE)).isPresent();
    assertThat(claims.claim(id, "e2", LEASE)).isEmpty();
    assertThat(claims.claim(cancelled, "e2", LEASE)).isEmpty();
    assertThat(claims.claim(evaluated, "e2", LEASE)).isEmpty();
    assertThat(claims.claim(9_999, "e2", LEASE)).isEmpty();
  }

  @Test
  void aClaimThatRacesACompletionNeverTakesTheEvaluatedRun() throws Exception {
    long id = finishedRun("raced", RunStatus.SUCCEEDED);
    claims.claim(id, "first", LEASE).orElseThrow();
    ExecutorService second = Executors.newSingleThreadExecutor();
    try (Connection completing = dataSource.getConnection()) {
      // What complete() does, held open just before its commit.
      completing.setAutoCommit(false);
      try (PreparedStatement release =
          completing.prepareStatement("DELETE FROM evaluation_claims WHERE run_id = ?")) {
        release.setLong(1, id);
        assertThat(release.executeUpdate()).isEqualTo(1);
      }
      EvaluationRepository.save(completing, evaluationOf(id));
      // An on-demand request that found no evaluation a moment ago claims the run by name; its
      // INSERT waits for the completing transaction (the claim row it deletes is in the way).
      Future<Optional<EvaluationClaim>> claimed =
          second.submit(() -> claims.claim(id, "second", LEASE));
      awaitABackendWaitingForALock();

      completing.commit();

      assertThat(claimed.get(30, TimeUnit.SECONDS)).as("claim of an evaluated run").isEmpty();
    } finally {
      second.shutdownNow();
    }
    assertThat(claims.find(id)).isEmpty();
    assertThat(claims.claimNext("third", LEASE)).isEmpty();
  }

  private void awaitABackendWaitingForALock() throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection observer = dataSource.getConnection();
        PreparedStatement waiting =
            observer.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE '%evaluation_claims%'")) {
      while (System.nanoTime() < until) {
        try (ResultSet rs = waiting.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the second claim never waited for the completion");
  }

  @Test
  void findAllAndHistoriesReadSeveralRunsAtOnce() {
    long a = runs.submit("a", TestSpecs.mlp(1)).run().id();
    long b = runs.submit("b", TestSpecs.mlp(2)).run().id();
    runs.claimNext("w", LEASE);
    epochs.record(a, "w", new EpochMetrics(1, 2.0, 0.2, 0.01, 100, 1, 10));
    epochs.record(a, "w", new EpochMetrics(2, 1.0, 0.6, 0.0095, 100, 1, 20));

    assertThat(runs.findAll(List.of(b, a, 12_345L))).extracting(RunRow::id).containsExactly(a, b);
    Map<Long, List<EpochRow>> histories = epochs.histories(List.of(a, b));
    assertThat(histories).containsOnlyKeys(a);
    assertThat(histories.get(a))
        .extracting(r -> r.metrics().epoch(), r -> r.metrics().steps())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 10L),
            org.assertj.core.groups.Tuple.tuple(2, 20L));
  }
}
