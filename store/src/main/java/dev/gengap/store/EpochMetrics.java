package dev.gengap.store;

import java.util.Optional;

/**
 * The training metrics of one finished epoch, as a worker reports them.
 *
 * @param epoch epoch number, from 1
 * @param trainLoss mean softmax cross-entropy over the epoch's batches (running, train mode)
 * @param trainAccuracy fraction of the epoch's examples classified as their served label, 0..1
 * @param learningRate the rate used during this epoch
 * @param samplesPerSecond training examples per second over the epoch
 * @param wallSeconds wall-clock seconds of the epoch
 * @param steps SGD steps since the run started, this epoch included
 * @param test the clean test measurement after this epoch, when the recipe asked for one
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double learningRate,
    double samplesPerSecond,
    double wallSeconds,
    long steps,
    Optional<TestMeasurement> test) {
  public EpochMetrics {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch: must be >= 1, was " + epoch);
    }
    if (!(trainAccuracy >= 0 && trainAccuracy <= 1)) {
      throw new IllegalArgumentException("trainAccuracy: must be in [0, 1], was " + trainAccuracy);
    }
    if (steps < 0) {
      throw new IllegalArgumentException("steps: must be >= 0, was " + steps);
    }
  }

  /** An epoch without a test measurement. */
  public EpochMetrics(
      int epoch,
      double trainLoss,
      double trainAccuracy,
      double learningRate,
      double samplesPerSecond,
      double wallSeconds,
      long steps) {
    this(
        epoch,
        trainLoss,
        trainAccuracy,
        learningRate,
        samplesPerSecond,
        wallSeconds,
        steps,
        Optional.empty());
  }

  public EpochMetrics withTest(TestMeasurement measurement) {
    return new EpochMetrics(
        epoch,
        trainLoss,
        trainAccuracy,
        learningRate,
        samplesPerSecond,
        wallSeconds,
        steps,
        Optional.of(measurement));
  }

  /**
   * Clean test accuracy (0..1) and mean loss of the model after an epoch, in eval mode without
   * augmentation.
   */
  public record TestMeasurement(double accuracy, double loss) {
    public TestMeasurement {
      if (!(accuracy >= 0 && accuracy <= 1)) {
        throw new IllegalArgumentException("test accuracy: must be in [0, 1], was " + accuracy);
      }
    }
  }
}
