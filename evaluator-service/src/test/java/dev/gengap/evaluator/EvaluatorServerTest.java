package dev.gengap.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvaluatorServerTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new EvaluatorServer())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void helpListsEveryFlagWithItsEnvironmentVariable() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--grpc-port",
            "GENGAP_GRPC_PORT",
            "50053",
            "--admin-port",
            "GENGAP_ADMIN_PORT",
            "9093",
            "--dataset-target",
            "GENGAP_DATASET_TARGET",
            "--jdbc-url",
            "GENGAP_JDBC_URL",
            "--db-user",
            "--db-password",
            "--engine",
            "GENGAP_ENGINE",
            "--poll-seconds",
            "--batch-size",
            "--evaluator-id",
            "--log-format");
  }

  @Test
  void badFlagValuesAreOneLineNamingTheFlag() {
    assertThat(run("--engine", "tensorflow")).isEqualTo(2);
    assertThat(err.toString()).contains("--engine").contains("tensorflow");
    assertThat(run("--poll-seconds", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--poll-seconds: must be > 0, was 0.0");
    assertThat(run("--batch-size", "5000")).isEqualTo(2);
    assertThat(err.toString()).contains("--batch-size: must be in 1..4096, was 5000");
  }
}
