package dev.gengap.cli.spec;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;

/** A spec or grid file that cannot become a request; the message starts with the file's name. */
public final class SpecFileException extends CliException {
  public SpecFileException(String source, String problem) {
    super(ExitCode.USAGE, source + ": " + problem);
  }
}
