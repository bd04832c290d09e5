package dev.gengap.store;

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
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double learningRate,
    double samplesPerSecond,
    double wallSeconds,
    long steps) {
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
}
