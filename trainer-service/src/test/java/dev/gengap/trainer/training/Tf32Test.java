package dev.gengap.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.store.Capabilities;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Tf32Test {

  @Test
  void onACpuTf32DoesNotApplyWhateverTheEnvironment() {
    assertThat(Tf32.off.capabilities(false, "mxnet", Map.of())).isEqualTo(Capabilities.CPU);
    assertThat(Tf32.on.capabilities(false, "mxnet", Map.of())).isEqualTo(Capabilities.CPU);
    assertThat(Tf32.on.use("cpu")).isEqualTo("NOT_APPLICABLE");
    assertThat(Tf32.off.use("cpu")).isEqualTo("NOT_APPLICABLE");
  }

  @Test
  void onAGpuTheEnvironmentMustSetTheDeclaredMode() {
    assertThat(Tf32.off.capabilities(true, "pytorch", Map.of("NVIDIA_TF32_OVERRIDE", "0")))
        .isEqualTo(Capabilities.gpu(false));
    assertThat(
            Tf32.on.capabilities(true, "pytorch", Map.of("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE", "1")))
        .isEqualTo(Capabilities.gpu(true));
    assertThat(Tf32.off.use("gpu0")).isEqualTo("OFF");
    assertThat(Tf32.on.use("gpu0")).isEqualTo("ON");

    assertThatThrownBy(() -> Tf32.off.capabilities(true, "pytorch", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "--tf32 off: on a GPU the trainer's environment must set" + " NVIDIA_TF32_OVERRIDE=0");
    assertThatThrownBy(
            () ->
                Tf32.on.capabilities(
                    true,
                    "pytorch",
                    Map.of("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE", "1", "NVIDIA_TF32_OVERRIDE", "0")))
        .hasMessageStartingWith("--tf32 on:");
    assertThatThrownBy(
            () ->
                Tf32.on.capabilities(
                    true, "mxnet", Map.of("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE", "1")))
        .hasMessage("--tf32 on: needs --engine pytorch, was mxnet");
  }
}
