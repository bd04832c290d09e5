package dev.gengap.store;

import java.time.Instant;

/**
 * A saved training state of a run after {@code epoch}; {@code blob} is opaque to the store (the
 * learning module writes and reads it). The array is not copied: do not modify it.
 */
public record Checkpoint(long runId, int epoch, byte[] blob, Instant createdAt) {}
