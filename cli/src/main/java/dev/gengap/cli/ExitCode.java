package dev.gengap.cli;

/** The exit codes of every gengap command (docs/cli.md lists them). */
public final class ExitCode {
  public static final int OK = 0;

  /** A watched run ended FAILED or CANCELLED. */
  public static final int RUN_NOT_SUCCEEDED = 1;

  /** Bad flags, arguments or input files (picocli's own usage errors use 2 as well). */
  public static final int USAGE = 2;

  /** The service could not be reached, or did not answer within the deadline. */
  public static final int UNREACHABLE = 3;

  /** The service rejected the request: INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION. */
  public static final int REJECTED = 4;

  /** The service failed in any other way (INTERNAL, UNKNOWN, ...) or the client did. */
  public static final int FAILED = 5;

  /** {@code watch} stopped waiting (its --timeout) while the run went on. */
  public static final int STILL_RUNNING = 6;

  private ExitCode() {}
}
