package dev.gengap.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunStatusMapperTest {
  @Test
  void mapsEveryStatusToTheProtoConstantOfTheSameName() {
    for (RunStatus status : RunStatus.values()) {
      assertThat(RunStatusMapper.toProto(status).name()).isEqualTo("RUN_STATUS_" + status.name());
    }
  }
}
