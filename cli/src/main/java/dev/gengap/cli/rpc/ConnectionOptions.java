package dev.gengap.cli.rpc;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the services are and how long a call may take: mixed into every remote subcommand. */
public final class ConnectionOptions {
  @Option(
      names = "--trainer",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:GENGAP_TRAINER_TARGET:-localhost:50052}",
      description =
          "trainer-service gRPC target (env GENGAP_TRAINER_TARGET; default ${DEFAULT-VALUE}).")
  String trainerTarget;

  @Option(
      names = "--evaluator",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:GENGAP_EVALUATOR_TARGET:-localhost:50053}",
      description =
          "evaluator-service gRPC target (env GENGAP_EVALUATOR_TARGET; default ${DEFAULT-VALUE}).")
  String evaluatorTarget;

  @Option(
      names = "--deadline",
      paramLabel = "SECONDS",
      defaultValue = "${env:GENGAP_DEADLINE_SECONDS}",
      description =
          "Deadline of each call in seconds (env GENGAP_DEADLINE_SECONDS; default 30, and 600"
              + " for eval).")
  Long deadlineSeconds;

  @Mixin ClientCredentialOptions credentials;

  /** The deadline of one call: --deadline when given, else the command's own default. */
  public Duration deadlineOr(Duration commandDefault) {
    if (deadlineSeconds == null) {
      return commandDefault;
    }
    if (deadlineSeconds <= 0) {
      throw new CliException(
          ExitCode.USAGE,
          "--deadline: must be a positive number of seconds, was " + deadlineSeconds);
    }
    return Duration.ofSeconds(deadlineSeconds);
  }

  public Duration deadline() {
    return deadlineOr(Duration.ofSeconds(30));
  }

  public String trainerTarget() {
    return trainerTarget;
  }

  public String evaluatorTarget() {
    return evaluatorTarget;
  }

  /** Opens channels on first use; the caller closes them. */
  public Connections connect() {
    return new Connections(trainerTarget, evaluatorTarget, credentials.security());
  }
}
