package dev.gengap.store;

import java.util.Objects;

/**
 * What a worker learns when it starts a run, recorded once per attempt.
 *
 * @param engine the DJL engine used, e.g. {@code MXNET} or {@code PYTORCH}
 * @param device the DJL device, e.g. {@code cpu()} or {@code gpu(0)}
 * @param parameterCount parameters under the paper's convention (BatchNorm not counted)
 * @param trainContentHash {@code DatasetInfo.train_content_hash} of the data trained on
 * @param tf32 what the run does about TF32: {@code NOT_APPLICABLE} (CPU), {@code OFF} or {@code ON}
 *     (GPU)
 */
public record RunSetup(
    String engine, String device, long parameterCount, String trainContentHash, String tf32) {
  public RunSetup {
    Objects.requireNonNull(tf32, "tf32");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(trainContentHash, "trainContentHash");
    if (parameterCount < 0) {
      throw new IllegalArgumentException("parameterCount: must be >= 0, was " + parameterCount);
    }
  }
}
