package dev.gengap.store;

import java.time.Instant;

/**
 * One row of {@code evaluations}: a finished run measured in eval mode, without augmentation, on
 * its checkpoint of {@code checkpointEpoch}. Accuracies are fractions 0..1, losses mean softmax
 * cross-entropy.
 *
 * @param seconds wall-clock seconds the evaluation took
 */
public record Evaluation(
    long runId,
    int checkpointEpoch,
    double trainAccuracy,
    double trainLoss,
    double testAccuracy,
    double testLoss,
    int trainExamples,
    int testExamples,
    Instant evaluatedAt,
    double seconds) {

  /** The generalization gap: train accuracy − test accuracy. */
  public double accuracyGap() {
    return trainAccuracy - testAccuracy;
  }

  /** Test loss − train loss. */
  public double lossGap() {
    return testLoss - trainLoss;
  }
}
