package dev.gengap.trainer.training;

import dev.gengap.store.Capabilities;
import java.util.Map;

/**
 * The trainer's {@code --tf32}: whether its process lets a GPU round the float32 inputs of matmuls
 * and convolutions to TF32 (10-bit mantissa). DJL has no API for PyTorch's {@code allow_tf32}
 * flags, and TF32 is decided per process by NVIDIA's libraries and libtorch, which read their
 * environment when they load: so the mode is set in the environment and declared with this flag,
 * and the trainer refuses to start on a GPU when the two disagree. It then claims only runs whose
 * {@code allow_tf32} it honours ({@link Capabilities}).
 */
public enum Tf32 {
  /** Full float32 (the default, the paper's arithmetic). */
  off,
  /** TF32 allowed in cuBLAS and cuDNN. */
  on;

  /** "0" disables TF32 in every NVIDIA library (cuBLAS, cuDNN), whatever the framework asks. */
  static final String NVIDIA_OVERRIDE = "NVIDIA_TF32_OVERRIDE";

  /**
   * "1" makes libtorch allow TF32 in matmuls (its default is off; its cuDNN convolutions allow it
   * by default, which is why "off" needs {@link #NVIDIA_OVERRIDE}).
   */
  static final String TORCH_CUBLAS_OVERRIDE = "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE";

  /**
   * The runs this process can train as their specs ask.
   *
   * @param gpu whether the trainer's default engine sees a GPU
   * @param defaultEngine the trainer's engine for runs that name none
   * @param env the process's environment variables
   * @throws IllegalArgumentException on a GPU, when the environment does not set this mode
   */
  public Capabilities capabilities(boolean gpu, String defaultEngine, Map<String, String> env) {
    if (!gpu) {
      return Capabilities.CPU;
    }
    String nvidia = env.get(NVIDIA_OVERRIDE);
    switch (this) {
      case off -> {
        if (!"0".equals(nvidia)) {
          throw new IllegalArgumentException(
              "--tf32 off: on a GPU the trainer's environment must set "
                  + NVIDIA_OVERRIDE
                  + "=0 (PyTorch's cuDNN convolutions use TF32 otherwise), was "
                  + nvidia);
        }
      }
      case on -> {
        if ("0".equals(nvidia) || !"1".equals(env.get(TORCH_CUBLAS_OVERRIDE))) {
          throw new IllegalArgumentException(
              "--tf32 on: the trainer's environment must set "
                  + TORCH_CUBLAS_OVERRIDE
                  + "=1 and not "
                  + NVIDIA_OVERRIDE
                  + "=0");
        }
        if (!defaultEngine.equalsIgnoreCase("pytorch")) {
          throw new IllegalArgumentException(
              "--tf32 on: needs --engine pytorch, was " + defaultEngine);
        }
      }
    }
    return Capabilities.gpu(this == on);
  }

  /** What a run on {@code deviceName} ("cpu", "gpu0") did about TF32, as the run row records it. */
  String use(String deviceName) {
    if (!deviceName.startsWith("gpu")) {
      return "NOT_APPLICABLE";
    }
    return this == on ? "ON" : "OFF";
  }
}
