package dev.gengap.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a subcommand throws into one line on stderr and an exit code. Expected failures are
 * {@link CliException}s; anything else is a bug in gengap, so it alone gets a stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (exception instanceof CliException expected) {
      err.println("gengap: " + expected.getMessage());
      err.flush();
      return expected.exitCode();
    }
    err.println("gengap: unexpected error: " + exception);
    exception.printStackTrace(err);
    err.flush();
    return ExitCode.FAILED;
  }
}
