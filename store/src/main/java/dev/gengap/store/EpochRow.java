package dev.gengap.store;

import java.time.Instant;

/** One row of {@code epoch_metrics}: an epoch of a run and when it was recorded. */
public record EpochRow(long runId, EpochMetrics metrics, Instant recordedAt) {}
