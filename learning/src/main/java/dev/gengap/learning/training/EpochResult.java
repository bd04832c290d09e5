package dev.gengap.learning.training;

import java.time.Duration;

/**
 * What one epoch of training did. {@code meanLoss} and {@code accuracy} are running figures,
 * averaged over the examples as each step saw them (the model changes during the epoch). {@code
 * cancelled} says the epoch stopped early because cancellation was requested; its figures cover the
 * batches that ran.
 */
public record EpochResult(
    int epoch,
    double meanLoss,
    double accuracy,
    double learningRate,
    long examples,
    Duration duration,
    long cumulativeSteps,
    boolean cancelled) {

  public double samplesPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds > 0 ? examples / seconds : 0;
  }
}
