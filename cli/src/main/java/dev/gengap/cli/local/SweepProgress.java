package dev.gengap.cli.local;

import dev.gengap.cli.CliException;
import dev.gengap.cli.Display;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.rpc.TrainerClient;
import dev.gengap.cli.spec.ProtoEnumNames;
import dev.gengap.cli.watch.ProgressLine;
import dev.gengap.cli.watch.RunWatcher;
import dev.gengap.proto.v1.ListRunsRequest;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Follows the runs of a sweep by polling the trainer, showing one line for all of them: redrawn in
 * place on a terminal, printed every {@link #LINE_EVERY} otherwise. A line is printed for each run
 * as it ends.
 */
final class SweepProgress {
  private static final Duration POLL = Duration.ofSeconds(2);
  static final Duration LINE_EVERY = Duration.ofSeconds(20);

  /** Whether the line is redrawn in place. */
  enum Output {
    TERMINAL,
    LINES
  }

  private final TrainerClient trainer;
  private final PrintWriter out;
  private final Output output;
  private final Set<Long> reportedEnded = new HashSet<>();
  private int drawnWidth;

  SweepProgress(TrainerClient trainer, PrintWriter out, Output output) {
    this.trainer = trainer;
    this.out = out;
    this.output = output;
  }

  /** Polls until every run of the sweep has ended; returns them in id order. */
  List<Run> awaitEnd(long sweepId, int runCount, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long lastLine = 0;
    while (true) {
      List<Run> runs = runs(sweepId);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      for (Run run : runs) {
        if (RunWatcher.isFinal(run.getStatus()) && reportedEnded.add(run.getRunId())) {
          clearLine();
          out.println(ProgressLine.summary(run) + " [" + name(run) + "]");
        }
      }
      boolean allEnded =
          runs.size() == runCount && runs.stream().allMatch(r -> RunWatcher.isFinal(r.getStatus()));
      if (allEnded) {
        clearLine();
        out.flush();
        return runs;
      }
      String line = line(runs, elapsed);
      switch (output) {
        case TERMINAL -> {
          out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
          drawnWidth = line.length();
        }
        case LINES -> {
          if (lastLine == 0 || System.nanoTime() - lastLine >= LINE_EVERY.toNanos()) {
            out.println(line);
            lastLine = System.nanoTime();
          }
        }
      }
      out.flush();
      if (elapsed.compareTo(timeout) > 0) {
        clearLine();
        throw new CliException(
            ExitCode.STILL_RUNNING,
            "the runs did not end within " + Display.duration(timeout) + " (--timeout)");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private List<Run> runs(long sweepId) {
    List<Run> runs =
        new ArrayList<>(
            trainer
                .listRuns(ListRunsRequest.newBuilder().setSweepId(sweepId).setPageSize(100).build())
                .getRunsList());
    runs.sort(Comparator.comparingLong(Run::getRunId));
    return runs;
  }

  /** {@code [1m05s] true labels 12/60 98.1% | p=0.5 9/60 55.0% | random labels queued}. */
  static String line(List<Run> runs, Duration elapsed) {
    List<String> parts = new ArrayList<>();
    double samplesPerSecond = 0;
    for (Run run : runs) {
      String part = name(run) + " ";
      if (run.getStatus() == RunStatus.RUN_STATUS_RUNNING && run.hasLatest()) {
        part +=
            run.getLatest().getEpoch()
                + "/"
                + run.getSpec().getRecipe().getMaxEpochs()
                + " "
                + Display.percent(run.getLatest().getTrainAccuracy())
                + "%";
        samplesPerSecond += run.getLatest().getSamplesPerSecond();
      } else if (run.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED && run.hasLatest()) {
        part += "done " + Display.percent(run.getLatest().getTrainAccuracy()) + "%";
      } else {
        part += ProtoEnumNames.shortName(run.getStatus()).toLowerCase(Locale.ROOT);
      }
      parts.add(part);
    }
    String line = "[" + Display.duration(elapsed) + "] " + String.join(" | ", parts);
    if (samplesPerSecond > 0) {
      line += String.format(Locale.ROOT, " | %,.0f img/s", samplesPerSecond);
    }
    return line;
  }

  /** What the run's data is: {@code true labels}, {@code p=0.5}, {@code random labels}. */
  static String name(Run run) {
    return switch (run.getSpec().getData().getCorruption()) {
      case CORRUPTION_KIND_TRUE_LABELS -> "true labels";
      case CORRUPTION_KIND_PARTIAL_LABELS ->
          "p=" + Display.decimal(run.getSpec().getData().getCorruptionProbability());
      case CORRUPTION_KIND_RANDOM_LABELS -> "random labels";
      case CORRUPTION_KIND_SHUFFLED_PIXELS -> "shuffled pixels";
      case CORRUPTION_KIND_RANDOM_PIXELS -> "random pixels";
      case CORRUPTION_KIND_GAUSSIAN -> "gaussian";
      case CORRUPTION_KIND_UNSPECIFIED, UNRECOGNIZED -> "run " + run.getRunId();
    };
  }

  private void clearLine() {
    if (drawnWidth > 0) {
      out.print("\r" + " ".repeat(drawnWidth) + "\r");
      drawnWidth = 0;
    }
  }
}
