package dev.gengap.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.dataset.testdata.SyntheticCifar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetServerTest {
  @Test
  void refusesToStartOnMalformedData(@TempDir Path dir) {
    // Small fixture files are the wrong size for the official format.
    SyntheticCifar.writeFixture(dir, 10);
    int exit =
        new CommandLine(new DatasetServer())
            .execute(
                "--data-dir",
                dir.toString(),
                "--grpc-port",
                "0",
                "--admin-port",
                "0",
                "--plaintext",
                "--no-auth");
    assertThat(exit).isEqualTo(DatasetServer.EXIT_BAD_DATA);
  }

  @Test
  void refusesPlaintextThatWasNotChosen(@TempDir Path dir) {
    CommandLine command = new CommandLine(new DatasetServer());
    java.io.StringWriter err = new java.io.StringWriter();
    command.setErr(new java.io.PrintWriter(err));

    int exit = command.execute("--data-dir", dir.toString(), "--no-auth");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--tls-cert and --tls-key: required")
        .contains("--plaintext");
  }

  @Test
  void refusesToRunWithoutAuthenticationThatWasNotChosen(@TempDir Path dir) {
    CommandLine command = new CommandLine(new DatasetServer());
    java.io.StringWriter err = new java.io.StringWriter();
    command.setErr(new java.io.PrintWriter(err));

    int exit = command.execute("--data-dir", dir.toString(), "--plaintext");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--identities: required unless --no-auth");
  }

  @Test
  void rejectsAnUnknownLogFormatNamingTheFlag() {
    CommandLine command = new CommandLine(new DatasetServer());
    java.io.StringWriter err = new java.io.StringWriter();
    command.setErr(new java.io.PrintWriter(err));
    assertThat(command.execute("--log-format", "xml")).isEqualTo(2);
    assertThat(err.toString()).contains("--log-format");
  }
}
