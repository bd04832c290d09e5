package dev.gengap.dataset;

import dev.gengap.cifar.archive.DownloadProgress;
import org.slf4j.Logger;

/** Logs a download's progress in tenths, so that a 170 MB archive writes ten lines, not 2,600. */
final class LoggedProgress implements DownloadProgress {
  private static final int STEPS = 10;

  private final Logger log;
  private int reportedStep;

  LoggedProgress(Logger log) {
    this.log = log;
  }

  @Override
  public void received(long received, long total) {
    if (total > 0 && received * STEPS / total > reportedStep) {
      reportedStep = (int) (received * STEPS / total);
      log.info(
          "event=download_progress percent={} bytes={} of={}",
          reportedStep * 100 / STEPS,
          received,
          total);
    }
  }

  @Override
  public void finished(long received) {
    log.info("event=download_finished bytes={}", received);
  }
}
