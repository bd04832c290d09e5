package dev.gengap.cli.watch;

import dev.gengap.cli.Display;
import dev.gengap.cli.rpc.TrainerClient;
import dev.gengap.cli.spec.ProtoEnumNames;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunEvent;
import dev.gengap.proto.v1.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Follows one run over WatchRun and shows its progress: on a terminal one line redrawn in place,
 * otherwise (a pipe, a CI log) one line per epoch and per status change.
 */
public final class RunWatcher {
  /** Whether the progress line may be redrawn in place. */
  public enum Output {
    TERMINAL,
    LINES
  }

  private final TrainerClient trainer;
  private final PrintWriter out;
  private final Output output;
  private int drawnWidth;
  private RunStatus shownStatus = RunStatus.RUN_STATUS_UNSPECIFIED;

  public RunWatcher(TrainerClient trainer, PrintWriter out, Output output) {
    this.trainer = trainer;
    this.out = out;
    this.output = output;
  }

  /** Watches until the run ends or {@code timeout} passes; returns the run as last seen. */
  public Run watch(long runId, Duration timeout) {
    Run[] last = {null};
    boolean ended =
        trainer.watchRun(
            runId,
            timeout,
            event -> {
              last[0] = event.getRun();
              show(event);
            });
    clearLine();
    // The stream ends after the run's final event; if it ended otherwise, ask for the truth.
    Run run = last[0] != null && isFinal(last[0].getStatus()) ? last[0] : trainer.getRun(runId);
    out.println(
        ended || isFinal(run.getStatus())
            ? ProgressLine.summary(run)
            : ProgressLine.summary(run) + "; stopped watching after " + Display.duration(timeout));
    out.flush();
    return run;
  }

  public static boolean isFinal(RunStatus status) {
    return switch (status) {
      case RUN_STATUS_SUCCEEDED, RUN_STATUS_FAILED, RUN_STATUS_CANCELLED -> true;
      case RUN_STATUS_UNSPECIFIED, RUN_STATUS_QUEUED, RUN_STATUS_RUNNING, UNRECOGNIZED -> false;
    };
  }

  private void show(RunEvent event) {
    Run run = event.getRun();
    if (run.getStatus() != shownStatus && !isFinal(run.getStatus())) {
      shownStatus = run.getStatus();
      clearLine();
      out.println(statusLine(run));
    }
    if (event.hasEpoch() || (run.hasLatest() && output == Output.TERMINAL)) {
      String line =
          ProgressLine.render(
              run.toBuilder()
                  .setLatest(event.hasEpoch() ? event.getEpoch() : run.getLatest())
                  .build());
      switch (output) {
        case TERMINAL -> {
          out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
          drawnWidth = line.length();
        }
        case LINES -> out.println(line);
      }
    }
    out.flush();
  }

  private static String statusLine(Run run) {
    String line = "run " + run.getRunId() + " " + ProtoEnumNames.shortName(run.getStatus());
    if (!run.getDisplayName().isEmpty()) {
      line += " (" + run.getDisplayName() + ")";
    }
    if (!run.getWorker().isEmpty()) {
      line += " on " + run.getWorker();
    }
    if (!run.getDevice().isEmpty()) {
      line += " " + run.getDevice();
    }
    return line;
  }

  private void clearLine() {
    if (drawnWidth > 0) {
      out.print("\r" + " ".repeat(drawnWidth) + "\r");
      drawnWidth = 0;
    }
  }
}
