package dev.gengap.cli.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service of the local stack running as a child process, its output appended to a log. */
final class ChildProcess {
  private final String name;
  private final Path log;
  private final Process process;

  private ChildProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code command} with {@code environment} added to this process's own. */
  static ChildProcess launch(
      String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    Files.writeString(
        log, "# " + String.join(" ", command) + "\n", StandardCharsets.UTF_8); // truncates
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    return new ChildProcess(name, log, builder.start());
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  Process process() {
    return process;
  }

  /** SIGTERM: the service drains and exits by itself. */
  void requestStop() {
    process.destroy();
  }

  /** Waits up to {@code grace} for the exit; SIGKILL if it has not come. True if it exited. */
  boolean awaitExitOrKill(Duration grace) throws InterruptedException {
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    return false;
  }

  /** The last {@code lines} lines of the log, for an error message. */
  String logTail(int lines) {
    try {
      // Decoding the bytes leniently: a log may hold a half-written line or a stray byte.
      List<String> all =
          new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
