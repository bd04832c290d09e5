package dev.gengap.store;

/**
 * The outcome of {@link SweepRepository#create}.
 *
 * @param created false when the request id had been used before and {@code sweep} is that sweep
 */
public record SweepCreation(SweepRow sweep, boolean created) {}
