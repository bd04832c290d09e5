package dev.gengap.store;

/**
 * The outcome of {@link RunRepository#submit}.
 *
 * @param created false when the request id had been used before and {@code run} is that run
 */
public record Submission(RunRow run, boolean created) {}
