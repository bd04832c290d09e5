package dev.gengap.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of {@code evaluation_claims}: an evaluator's hold on a finished run it is measuring.
 *
 * @param owner the evaluator holding (or last holding) the claim
 * @param leaseExpiresAt the claim is live until then; the owner renews it while it works
 * @param attempts how many times the run was claimed for evaluation
 * @param retryAfter after a failure, no automatic retry before this time
 * @param error why the last attempt failed; "" otherwise
 */
public record EvaluationClaim(
    long runId,
    String owner,
    Instant leaseExpiresAt,
    int attempts,
    Optional<Instant> retryAfter,
    String error) {}
