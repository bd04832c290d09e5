package dev.gengap.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackPortsTest {
  @Test
  void furtherTrainersTakeTheFirstTrainersPortsPlusTens() {
    StackPorts ports = new StackPorts(50051, 9091, 50052, 9092, 50053, 9093, 55432);

    assertThat(ports.trainerGrpc(1)).isEqualTo(50052);
    assertThat(ports.trainerAdmin(1)).isEqualTo(9092);
    assertThat(ports.trainerGrpc(2)).isEqualTo(50062);
    assertThat(ports.trainerAdmin(3)).isEqualTo(9112);
  }
}
