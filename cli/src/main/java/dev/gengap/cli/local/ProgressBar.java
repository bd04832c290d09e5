package dev.gengap.cli.local;

import dev.gengap.cifar.archive.DownloadProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A download's progress as one line redrawn in place ({@code \r}): a bar, the percentage and the
 * megabytes. Redrawn once per whole percent, so a log file that captures it stays small.
 */
final class ProgressBar implements DownloadProgress {
  private static final int WIDTH = 30;
  private static final double MB = 1024.0 * 1024.0;

  private final PrintWriter err;
  private int drawnPercent = -1;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void received(long received, long total) {
    if (total <= 0) {
      return;
    }
    int percent = (int) (received * 100 / total);
    if (percent == drawnPercent) {
      return;
    }
    drawnPercent = percent;
    err.print("\r" + line(received, total));
    err.flush();
  }

  @Override
  public void finished(long received) {
    if (drawnPercent >= 0) {
      err.println();
      err.flush();
    }
  }

  static String line(long received, long total) {
    int filled = (int) (received * WIDTH / total);
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%%  %.1f of %.1f MB",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        received * 100 / total,
        received / MB,
        total / MB);
  }
}
