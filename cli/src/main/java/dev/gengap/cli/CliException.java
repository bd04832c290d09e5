package dev.gengap.cli;

/**
 * An expected failure of a command: its message is printed as one line on stderr and the command
 * exits with {@link #exitCode()}, without a stack trace.
 */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
