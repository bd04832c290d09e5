package dev.gengap.cli.watch;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code watch} and {@code submit --watch} follow a run. */
public final class WatchOptions {
  @Option(
      names = "--timeout",
      paramLabel = "MINUTES",
      defaultValue = "1440",
      description =
          "Stop watching after this many minutes; the run goes on (default ${DEFAULT-VALUE}).")
  long timeoutMinutes;

  @Option(
      names = "--lines",
      description = "One line per epoch even on a terminal (default: a bar redrawn in place).")
  boolean lines;

  Duration timeout() {
    return Duration.ofMinutes(Math.max(1, timeoutMinutes));
  }

  RunWatcher.Output output() {
    // System.console() is null unless stdin and stdout are both a terminal.
    return lines || System.console() == null ? RunWatcher.Output.LINES : RunWatcher.Output.TERMINAL;
  }
}
