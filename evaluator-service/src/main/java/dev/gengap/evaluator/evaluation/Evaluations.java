package dev.gengap.evaluator.evaluation;

import dev.gengap.plumbing.FailedPreconditionException;
import dev.gengap.plumbing.InvalidArgumentException;
import dev.gengap.plumbing.NotFoundException;
import dev.gengap.store.Evaluation;
import dev.gengap.store.EvaluationClaim;
import dev.gengap.store.EvaluationClaimRepository;
import dev.gengap.store.EvaluationRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluations of finished runs, each made exactly once across all evaluator replicas: a run is
 * measured only under a claim in the store ({@link EvaluationClaimRepository}), whose lease is
 * renewed while the measurement runs. A failed attempt frees the run with a retry delay that
 * doubles per attempt.
 */
public final class Evaluations {
  private static final Logger log = LoggerFactory.getLogger(Evaluations.class);

  /** How long a claim lives without renewal; renewed every third of it. */
  static final Duration LEASE = Duration.ofMinutes(2);

  // Retry delay after the n-th failed attempt: 30 s · 2^(n−1), at most an hour.
  private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
  private static final Duration MAX_RETRY = Duration.ofHours(1);

  // How often an on-demand request looks whether another evaluator has finished the run.
  private static final Duration WAIT_STEP = Duration.ofMillis(250);

  private final RunRepository runs;
  private final EvaluationRepository evaluations;
  private final EvaluationClaimRepository claims;
  private final RunEvaluator evaluator;
  private final EvaluatorMeters meters;
  private final ScheduledExecutorService leaseRenewal;
  private final Clock clock;
  private final String owner;

  /**
   * @param leaseRenewal runs the lease renewals while an evaluation blocks its caller's thread
   * @param owner this evaluator's id in claims, unique among the replicas (e.g. host name + pid)
   */
  public Evaluations(
      RunRepository runs,
      EvaluationRepository evaluations,
      EvaluationClaimRepository claims,
      RunEvaluator evaluator,
      EvaluatorMeters meters,
      ScheduledExecutorService leaseRenewal,
      Clock clock,
      String owner) {
    this.runs = runs;
    this.evaluations = evaluations;
    this.claims = claims;
    this.evaluator = evaluator;
    this.meters = meters;
    this.leaseRenewal = leaseRenewal;
    this.clock = clock;
    this.owner = owner;
  }

  /** The stored evaluation of a run. */
  public Evaluation get(long runId) {
    requireRunId(runId);
    return evaluations
        .find(runId)
        .orElseThrow(
            () ->
                runs.find(runId).isEmpty()
                    ? unknownRun(runId)
                    : new NotFoundException("run " + runId + " has no evaluation yet"));
  }

  /**
   * The evaluation of a SUCCEEDED run: the stored one, else made now. When another evaluator holds
   * the run, waits for its result while {@code keepWaiting} says so (the caller's deadline); a
   * concurrent request therefore never measures a run twice.
   *
   * @throws FailedPreconditionException the run has not succeeded, or cannot be evaluated
   */
  public Evaluation evaluate(long runId, BooleanSupplier keepWaiting) {
    requireRunId(runId);
    RunRow run = runs.find(runId).orElseThrow(() -> unknownRun(runId));
    if (run.status() != RunStatus.SUCCEEDED) {
      throw new FailedPreconditionException(
          "run " + runId + " is " + run.status() + "; only SUCCEEDED runs are evaluated");
    }
    while (true) {
      Optional<Evaluation> stored = evaluations.find(runId);
      if (stored.isPresent()) {
        return stored.get();
      }
      Optional<EvaluationClaim> claim = claims.claim(runId, owner, LEASE);
      if (claim.isPresent()) {
        return evaluateClaimed(claim.get(), run);
      }
      if (!keepWaiting.getAsBoolean()) {
        throw new FailedPreconditionException(
            "run " + runId + " is being evaluated by another request; ask again later");
      }
      sleep(WAIT_STEP);
    }
  }

  /**
   * Claims and evaluates the oldest SUCCEEDED run that needs it (the background loop's step). Empty
   * when there is none; a failed evaluation is recorded, logged and rethrown.
   */
  public Optional<Evaluation> evaluateNextPending() {
    Optional<EvaluationClaim> claim = claims.claimNext(owner, LEASE);
    if (claim.isEmpty()) {
      return Optional.empty();
    }
    long runId = claim.get().runId();
    RunRow run =
        runs.find(runId).orElseThrow(() -> new IllegalStateException("claimed run vanished"));
    return Optional.of(evaluateClaimed(claim.get(), run));
  }

  private Evaluation evaluateClaimed(EvaluationClaim claim, RunRow run) {
    long start = System.nanoTime();
    Duration renewEvery = LEASE.dividedBy(3);
    ScheduledFuture<?> renewal =
        leaseRenewal.scheduleAtFixedRate(
            () -> renew(run.id()),
            renewEvery.toMillis(),
            renewEvery.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      log.info(
          "event=evaluation_started run={} attempt={} name=\"{}\"",
          run.id(),
          claim.attempts(),
          run.displayName());
      Evaluation evaluation = evaluator.evaluate(run);
      renewal.cancel(false);
      if (!claims.complete(evaluation, owner)) {
        // Our lease lapsed and another evaluator took the run over: its result will be stored.
        log.warn("event=evaluation_claim_lost run={}", run.id());
      }
      meters.succeeded(Duration.ofNanos(System.nanoTime() - start));
      log.info(
          "event=evaluation_stored run={} checkpoint_epoch={} train_acc={} test_acc={}"
              + " gap={} train_loss={} test_loss={} train_examples={} test_examples={} seconds={}",
          run.id(),
          evaluation.checkpointEpoch(),
          String.format("%.4f", evaluation.trainAccuracy()),
          String.format("%.4f", evaluation.testAccuracy()),
          String.format("%.4f", evaluation.accuracyGap()),
          String.format("%.4f", evaluation.trainLoss()),
          String.format("%.4f", evaluation.testLoss()),
          evaluation.trainExamples(),
          evaluation.testExamples(),
          String.format("%.1f", evaluation.seconds()));
      return evaluations.find(run.id()).orElse(evaluation);
    } catch (RuntimeException e) {
      renewal.cancel(false);
      meters.failed(Duration.ofNanos(System.nanoTime() - start));
      Duration delay = retryDelay(claim.attempts());
      log.warn(
          "event=evaluation_failed run={} attempt={} retry_in_seconds={} error=\"{}\"",
          run.id(),
          claim.attempts(),
          delay.toSeconds(),
          e.toString());
      try {
        claims.fail(run.id(), owner, e.toString(), clock.instant().plus(delay));
      } catch (RuntimeException storeDown) {
        // The lease runs out by itself; the run is retried once it has.
        e.addSuppressed(storeDown);
      }
      throw e;
    }
  }

  private void renew(long runId) {
    try {
      if (!claims.renew(runId, owner, LEASE)) {
        log.warn("event=evaluation_lease_lost run={}", runId);
      }
    } catch (RuntimeException e) {
      log.warn("event=evaluation_lease_renewal_failed run={} error=\"{}\"", runId, e.toString());
    }
  }

  static Duration retryDelay(int attempts) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 20);
    Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
  }

  private static void requireRunId(long runId) {
    if (runId <= 0) {
      throw new InvalidArgumentException("run_id", "must be > 0, was " + runId);
    }
  }

  private static NotFoundException unknownRun(long runId) {
    return new NotFoundException("run " + runId + " does not exist");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FailedPreconditionException("interrupted while waiting for the evaluation");
    }
  }
}
