package dev.gengap.store;

import java.util.Objects;

/**
 * What a worker learns when it starts a run, recorded once per attempt.
 *
 * @param engine the DJL engine used, e.g. {@code MXNET} or {@code PYTORCH}
 * @param device the DJL device, e.g. {@code cpu()} or {@code gpu(0)}
 * @param parameterCount parameters under the paper's convention (BatchNorm not counted)
 * @param trainContentHash {@code DatasetInfo.train_content_hash} of the data trained on
 */
public record RunSetup(String engine, String device, long parameterCount, String trainContentHash) {
  public RunSetup {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(trainContentHash, "trainContentHash");
    if (parameterCount < 0) {
      throw new IllegalArgumentException("parameterCount: must be >= 0, was " + parameterCount);
    }
  }
}
