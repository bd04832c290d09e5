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
 * @param deviceDataBudgetBytes most bytes of a run's training split kept on its device after the
 *     first epoch (unaugmented runs); a bigger split is streamed every epoch
 * @param tf32 whether the process lets its GPU use TF32 (set in its environment; see {@link Tf32})
 */
public record WorkerSettings(
    String workerId,
    String defaultEngine,
    DefaultDevice defaultDevice,
    Duration lease,
    Duration poll,
    int datasetAttempts,
    Duration datasetBackoff,
    Duration datasetPause,
    long deviceDataBudgetBytes,
    Tf32 tf32) {

  /** Room for CIFAR-10's 50,000 training images as float32 (470 MB) with a margin. */
  public static final long DEFAULT_DEVICE_DATA_BUDGET_BYTES = 1024L << 20;

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
    if (deviceDataBudgetBytes < 0) {
      throw new IllegalArgumentException(
          "deviceDataBudgetBytes: must be >= 0, was " + deviceDataBudgetBytes);
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
        Duration.ofSeconds(30),
        DEFAULT_DEVICE_DATA_BUDGET_BYTES,
        Tf32.off);
  }

  /** These settings with another device data budget (0 = always stream). */
  public WorkerSettings withDeviceDataBudget(long bytes) {
    return new WorkerSettings(
        workerId,
        defaultEngine,
        defaultDevice,
        lease,
        poll,
        datasetAttempts,
        datasetBackoff,
        datasetPause,
        bytes,
        tf32);
  }

  /** These settings with another TF32 mode. */
  public WorkerSettings withTf32(Tf32 mode) {
    return new WorkerSettings(
        workerId,
        defaultEngine,
        defaultDevice,
        lease,
        poll,
        datasetAttempts,
        datasetBackoff,
        datasetPause,
        deviceDataBudgetBytes,
        mode);
  }
}
