package dev.gengap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UnreachableServerTest {
  static int closedPort;

  @BeforeAll
  static void findClosedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
  }

  @Test
  void trainerCommandSaysWhichServiceItCannotReach() {
    CliRunner.Result result = CliRunner.run("runs", "--trainer", "localhost:" + closedPort);

    assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(result.err())
        .isEqualTo(
            "gengap: cannot reach trainer at localhost:" + closedPort + ": connection refused\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void evaluatorCommandSaysWhichServiceItCannotReach() {
    CliRunner.Result result =
        CliRunner.run("report", "--sweep", "1", "--evaluator", "localhost:" + closedPort);

    assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(result.err())
        .isEqualTo(
            "gengap: cannot reach evaluator at localhost:" + closedPort + ": connection refused\n");
  }

  @Test
  void badFlagValueIsAUsageErrorNamingTheFlag() {
    CliRunner.Result result =
        CliRunner.run("submit", "--model", "resnet", "--corruption", "gaussian");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .isEqualTo(
            "gengap: Invalid value for option '--model': 'resnet' is not one of MLP_1X512,"
                + " MLP_3X512, INCEPTION_SMALL, ALEXNET_SMALL, KERNEL_RBF, LINEAR_LEAST_SQUARES,"
                + " THEOREM1_RELU\n"
                + "try 'gengap submit --help'\n");
  }

  @Test
  void negativeCountFlagIsRejectedBeforeAnyCall() {
    CliRunner.Result result =
        CliRunner.run(
            "submit", "--model", "mlp_1x512", "--corruption", "true_labels", "--batch-size", "-1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).isEqualTo("gengap: --batch-size: must be 0 or more, was -1\n");
  }

  @Test
  void reportWithoutRunsIsAUsageError() {
    CliRunner.Result result = CliRunner.run("report");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).isEqualTo("gengap: name the runs: --sweep SWEEP_ID and/or run ids\n");
  }
}
