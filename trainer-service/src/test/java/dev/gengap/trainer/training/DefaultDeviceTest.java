package dev.gengap.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.proto.v1.Device;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DefaultDeviceTest {
  @Test
  void theSpecsDeviceWinsOverTheTrainersDefault() {
    assertThat(DefaultDevice.cpu.apply(Device.DEVICE_GPU)).isEqualTo(Device.DEVICE_GPU);
    assertThat(DefaultDevice.gpu.apply(Device.DEVICE_CPU)).isEqualTo(Device.DEVICE_CPU);
  }

  @Test
  void anUnspecifiedDeviceTakesTheTrainersDefault() {
    assertThat(DefaultDevice.cpu.apply(Device.DEVICE_UNSPECIFIED)).isEqualTo(Device.DEVICE_CPU);
    assertThat(DefaultDevice.gpu.apply(Device.DEVICE_UNSPECIFIED)).isEqualTo(Device.DEVICE_GPU);
    assertThat(DefaultDevice.auto.apply(Device.DEVICE_UNSPECIFIED))
        .isEqualTo(Device.DEVICE_UNSPECIFIED);
  }

  @Test
  void devicesAreRecordedInDjlNotation() {
    assertThat(RunTrainer.djlDeviceName("cpu")).isEqualTo("cpu()");
    assertThat(RunTrainer.djlDeviceName("gpu0")).isEqualTo("gpu(0)");
  }

  @Test
  void aPollIntervalAsLongAsTheLeaseIsRefused() {
    assertThatThrownBy(
            () ->
                WorkerSettings.of(
                    "w",
                    "mxnet",
                    DefaultDevice.auto,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poll");
  }
}
