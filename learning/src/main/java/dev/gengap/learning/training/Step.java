package dev.gengap.learning.training;

import java.time.Duration;

/** One SGD step just taken: the run's step count so far, batch size, batch loss, wall time. */
public record Step(long cumulativeSteps, int examples, double loss, Duration duration) {}
