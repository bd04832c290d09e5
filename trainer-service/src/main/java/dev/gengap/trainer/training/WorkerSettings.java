package dev.gengap.trainer.training;

import java.time.Duration;

/**
 * How a worker behaves.
 *
 * @param workerId lease owner name, unique among the trainers sharing a database
 * @param defaultEngine DJL engine for runs whose spec leaves it unspecified ("mxnet", "pytorch")
 * @param defaultDevice device for runs whose spec leaves it unspecified
 * @param lease how long a claim stays valid; renewed every third of it
 * @param poll how often an idle worker claims, and how often a running one reads the cancel flag
 * @param datasetAttempts tries of a dataset-service call that fails UNAVAILABLE before giving up
 * @param datasetBackoff wait before the second try; doubles each try
 * @param datasetPause how long the worker claims nothing after giving up on the dataset-service
 */
public record WorkerSettings(
    String workerId,
    String defaultEngine,
    DefaultDevice defaultDevice,
    Duration lease,
    Duration poll,
    int datasetAttempts,
    Duration datasetBackoff,
    Duration datasetPause) {

  public WorkerSettings {
    if (workerId.isEmpty()) {
      throw new IllegalArgumentException("workerId: must not be empty");
    }
    if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new IllegalArgumentException("lease: must be at least 3 s, was " + lease);
    }
    if (poll.isZero() || poll.isNegative() || poll.compareTo(lease) >= 0) {
      throw new IllegalArgumentException(
          "poll: must be positive and shorter than the lease " + lease + ", was " + poll);
    }
    if (datasetAttempts < 1) {
      throw new IllegalArgumentException("datasetAttempts: must be >= 1, was " + datasetAttempts);
    }
  }

  /** Production defaults for the dataset-service retries: 5 tries over ~15 s, then 30 s pause. */
  public static WorkerSettings of(
      String workerId,
      String defaultEngine,
      DefaultDevice defaultDevice,
      Duration lease,
      Duration poll) {
    return new WorkerSettings(
        workerId,
        defaultEngine,
        defaultDevice,
        lease,
        poll,
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30));
  }
}
