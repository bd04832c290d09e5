package dev.gengap.store;

import java.util.Optional;

/**
 * What a worker can honour of a run's spec; {@link RunRepository#claimNext} hands it no other run.
 *
 * @param gpuTf32 the TF32 mode of the worker's process on its GPU ({@code RunSpec.allow_tf32} is a
 *     process-wide switch of NVIDIA's libraries): the worker claims only runs whose {@code
 *     allow_tf32} equals it, and runs pinned to the CPU. Empty for a worker without a GPU, where
 *     TF32 does not apply: it claims any run.
 */
public record Capabilities(Optional<Boolean> gpuTf32) {

  /** A worker without a GPU. */
  public static final Capabilities CPU = new Capabilities(Optional.empty());

  /** A worker on a GPU whose process has TF32 on or off. */
  public static Capabilities gpu(boolean tf32) {
    return new Capabilities(Optional.of(tf32));
  }
}
