package dev.gengap.cli.rpc;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/** Translates a failed call into the one line a user reads, naming the service and its target. */
final class RpcFailure {
  private RpcFailure() {}

  static CliException of(
      String service, String target, Duration deadline, StatusRuntimeException failure) {
    Status status = failure.getStatus();
    String description = status.getDescription() == null ? "" : status.getDescription();
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          new CliException(
              ExitCode.UNREACHABLE,
              "cannot reach " + service + " at " + target + ": " + reason(failure, description));
      case DEADLINE_EXCEEDED ->
          new CliException(
              ExitCode.UNREACHABLE,
              service
                  + " at "
                  + target
                  + " did not answer within "
                  + deadline.toSeconds()
                  + " s (--deadline)");
      case UNAUTHENTICATED ->
          new CliException(
              ExitCode.REJECTED,
              service
                  + " at "
                  + target
                  + " does not know you: pass --token-file or --token (or a client certificate);"
                  + " "
                  + description);
      case PERMISSION_DENIED ->
          new CliException(ExitCode.REJECTED, service + " refused: " + description);
      case INVALID_ARGUMENT ->
          new CliException(ExitCode.REJECTED, service + " rejected the request: " + description);
      case NOT_FOUND -> new CliException(ExitCode.REJECTED, "not found: " + description);
      case FAILED_PRECONDITION, ALREADY_EXISTS, OUT_OF_RANGE ->
          new CliException(ExitCode.REJECTED, service + ": " + description);
      case UNIMPLEMENTED ->
          new CliException(
              ExitCode.FAILED,
              service + " at " + target + " does not implement this call (" + description + ")");
      default ->
          new CliException(
              ExitCode.FAILED,
              service + " at " + target + " failed: " + status.getCode() + " " + description);
    };
  }

  /** The innermost cause says what went wrong ("Connection refused"), not "io exception". */
  private static String reason(Throwable failure, String description) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root == failure) {
      return description.isEmpty() ? "unavailable" : description;
    }
    String message = root.getMessage();
    if (message == null) {
      return root.getClass().getSimpleName();
    }
    // Netty wraps the OS's words: "finishConnect(..) failed with error(-111): Connection refused".
    return message.contains("Connection refused") ? "connection refused" : message;
  }
}
