package dev.gengap.store;

import dev.gengap.proto.v1.RunSpec;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of {@code runs}.
 *
 * @param requestId the client's idempotency key; empty for runs created by a sweep
 * @param sweepId the sweep the run belongs to, if any
 * @param engine engine the worker actually used ({@code MXNET}, {@code PYTORCH}); "" until started
 * @param device DJL device the run trains on ({@code cpu()}); "" until started
 * @param worker the worker holding, or last holding, the lease; "" if never claimed
 * @param leaseExpiresAt end of the current lease; empty unless RUNNING
 * @param attempts how many times the run was claimed
 * @param error why the run failed; "" otherwise
 * @param checkpointEpoch epoch of the newest checkpoint; 0 = none
 * @param stepsTo99TrainAccuracy steps when the epoch's running train accuracy first reached 0.99; 0
 *     = not reached
 * @param stepsToTrainLoss01 steps when the epoch's train loss first fell to 0.1; 0 = not reached
 * @param submittedBy the principal who submitted the run; "" if unknown
 * @param tf32 what the run did about TF32 ({@code NOT_APPLICABLE}, {@code OFF}, {@code ON}); ""
 *     until started
 */
public record RunRow(
    long id,
    Optional<String> requestId,
    OptionalLong sweepId,
    RunSpec spec,
    String displayName,
    RunStatus status,
    String engine,
    String device,
    String worker,
    Optional<Instant> leaseExpiresAt,
    int attempts,
    boolean cancelRequested,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    String error,
    int epochsCompleted,
    int checkpointEpoch,
    long parameterCount,
    String trainContentHash,
    long stepsTo99TrainAccuracy,
    long stepsToTrainLoss01,
    String submittedBy,
    String tf32) {}
