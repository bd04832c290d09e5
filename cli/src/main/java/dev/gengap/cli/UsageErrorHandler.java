package dev.gengap.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A bad flag or value: the error and where to read more, in two lines, instead of picocli's default
 * of the whole help text (which buries the one line that matters).
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("gengap: " + error.getMessage());
    UnmatchedArgumentException.printSuggestions(error, err);
    err.println("try '" + command.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCode.USAGE;
  }
}
