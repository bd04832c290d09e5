package dev.gengap.cli.watch;

import dev.gengap.cli.Display;
import dev.gengap.cli.spec.ProtoEnumNames;
import dev.gengap.proto.v1.EpochMetrics;
import dev.gengap.proto.v1.Run;
import java.time.Duration;
import java.util.Locale;

/**
 * One line saying how far a run is: {@code run 17 [#####---------------] epoch 12/50 loss 1.2346
 * acc 45.67% test acc 41.20% 3,210 samples/s ETA 7m23s} (test accuracy on the epochs the recipe's
 * test_every_epochs measures).
 */
public final class ProgressLine {
  static final int BAR_WIDTH = 20;

  private ProgressLine() {}

  /**
   * The line for {@code run} after its newest epoch. The ETA assumes every remaining epoch up to
   * max_epochs takes as long as the newest one: an upper bound, since a run that reaches its target
   * training accuracy stops early.
   */
  public static String render(Run run) {
    long maxEpochs = run.getSpec().getRecipe().getMaxEpochs();
    StringBuilder line = new StringBuilder("run ").append(run.getRunId());
    if (!run.hasLatest()) {
      return line.append(' ').append(ProtoEnumNames.shortName(run.getStatus())).toString();
    }
    EpochMetrics epoch = run.getLatest();
    line.append(' ').append(bar(epoch.getEpoch(), maxEpochs));
    line.append(" epoch ").append(epoch.getEpoch());
    if (maxEpochs > 0) {
      line.append('/').append(maxEpochs);
    }
    line.append(String.format(Locale.ROOT, "  loss %.4f", epoch.getTrainLoss()));
    line.append("  acc ").append(Display.percent(epoch.getTrainAccuracy())).append('%');
    if (epoch.hasTestAccuracy()) {
      line.append("  test acc ").append(Display.percent(epoch.getTestAccuracy())).append('%');
    }
    line.append(String.format(Locale.ROOT, "  %,.0f samples/s", epoch.getSamplesPerSecond()));
    if (maxEpochs > 0) {
      long remaining = Math.max(0, maxEpochs - epoch.getEpoch());
      Duration eta = Duration.ofMillis(Math.round(remaining * epoch.getWallSeconds() * 1000));
      line.append("  ETA ").append(Display.duration(eta));
    }
    return line.toString();
  }

  private static String bar(long epoch, long maxEpochs) {
    int filled =
        maxEpochs > 0 ? (int) Math.min(BAR_WIDTH, epoch * BAR_WIDTH / maxEpochs) : BAR_WIDTH;
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
  }

  /** The closing line: {@code run 17 SUCCEEDED after 50 epochs (train acc 99.98%, loss 0.0012)}. */
  public static String summary(Run run) {
    StringBuilder line =
        new StringBuilder("run ")
            .append(run.getRunId())
            .append(' ')
            .append(ProtoEnumNames.shortName(run.getStatus()))
            .append(" after ")
            .append(run.getEpochsCompleted())
            .append(run.getEpochsCompleted() == 1 ? " epoch" : " epochs");
    if (run.hasLatest()) {
      line.append(" (train acc ")
          .append(Display.percent(run.getLatest().getTrainAccuracy()))
          .append(String.format(Locale.ROOT, "%%, loss %.4f)", run.getLatest().getTrainLoss()));
    }
    if (!run.getError().isEmpty()) {
      line.append(": ").append(run.getError());
    }
    return line.toString();
  }
}
