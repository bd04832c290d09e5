package dev.gengap.plumbing;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The flags every gengap service takes, as a picocli {@code @Mixin}: its gRPC port, its admin HTTP
 * port, its drain grace period and its log format.
 *
 * <p>The port defaults differ per service, and an annotation in a shared class can't know them: the
 * service names its defaults in a {@link DefaultPorts} subclass given as its command's {@code
 * defaultValueProvider}.
 */
public final class ServerOptions {
  @Option(
      names = "--grpc-port",
      description = "gRPC port. Env GENGAP_GRPC_PORT. Default: ${DEFAULT-VALUE}")
  int grpcPort;

  @Option(
      names = "--admin-port",
      description =
          "HTTP port for /metrics, /healthz, /readyz. Env GENGAP_ADMIN_PORT. Default:"
              + " ${DEFAULT-VALUE}")
  int adminPort;

  @Option(
      names = "--drain-seconds",
      defaultValue = "${env:GENGAP_DRAIN_SECONDS:-20}",
      description =
          "On SIGTERM, how long calls in flight may take to finish before they are cancelled;"
              + " keep it under the pod's terminationGracePeriodSeconds. Env"
              + " GENGAP_DRAIN_SECONDS. Default: ${DEFAULT-VALUE}")
  int drainSeconds;

  @Option(
      names = "--log-format",
      defaultValue = "${env:GENGAP_LOG_FORMAT:-text}",
      description = "text or json. Env GENGAP_LOG_FORMAT. Default: ${DEFAULT-VALUE}")
  LogFormat logFormat;

  // The command this mixin is part of, so a bad value is reported through its error stream.
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The layouts logback.xml knows. */
  public enum LogFormat {
    text,
    json
  }

  public int grpcPort() {
    return grpcPort;
  }

  public int adminPort() {
    return adminPort;
  }

  /** How long a drain waits for calls in flight (see {@link ServiceLifecycle}). */
  public Duration drainGrace() {
    require(drainSeconds >= 0, "--drain-seconds: must be >= 0, was " + drainSeconds);
    return Duration.ofSeconds(drainSeconds);
  }

  /** Tells logback.xml the chosen layout; call before the first logger is created. */
  public void applyLogFormat() {
    System.setProperty("GENGAP_LOG_FORMAT", logFormat.name());
  }

  /**
   * Rejects a flag value the way picocli rejects a malformed one: exit code 2 and {@code message}
   * on the command's error stream.
   *
   * @param message names the flag and the value, e.g. {@code "--poll-seconds: must be > 0, was 0"}
   */
  public void require(boolean valid, String message) {
    if (!valid) {
      throw new CommandLine.ParameterException(command.commandLine(), message);
    }
  }

  /**
   * A service's default ports, each still overridden by its environment variable ({@code
   * GENGAP_GRPC_PORT}, {@code GENGAP_ADMIN_PORT}). Subclass it with a no-argument constructor and
   * name the subclass in {@code @Command(defaultValueProvider = ...)}.
   */
  public abstract static class DefaultPorts implements IDefaultValueProvider {
    private final int grpcPort;
    private final int adminPort;

    protected DefaultPorts(int grpcPort, int adminPort) {
      this.grpcPort = grpcPort;
      this.adminPort = adminPort;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec option)) {
        return null;
      }
      // null: picocli falls back to the option's own defaultValue.
      return switch (option.longestName()) {
        case "--grpc-port" -> "${env:GENGAP_GRPC_PORT:-" + grpcPort + "}";
        case "--admin-port" -> "${env:GENGAP_ADMIN_PORT:-" + adminPort + "}";
        default -> null;
      };
    }
  }
}
