package dev.gengap.cli.local;

import dev.gengap.cifar.archive.ArchiveException;
import dev.gengap.cifar.archive.CifarArchive;
import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import java.io.PrintWriter;

/** Makes sure the stack's CIFAR-10 files are there before any process starts. */
final class CifarData {
  private CifarData() {}

  /**
   * Downloads the archive into {@code data}'s directory when it may and a file is missing, with a
   * progress bar on {@code err}. Offline, fails with what to download and where to put it.
   */
  static void ensurePresent(StackPlan.DataLocation data, PrintWriter err) {
    if (data.download().isEmpty() || CifarArchive.missingFiles(data.dir()).isEmpty()) {
      return;
    }
    CifarArchive archive = data.download().get();
    err.println("gengap: CIFAR-10 is not in " + data.dir() + " yet; downloading " + archive.url());
    err.flush();
    try {
      archive.downloadInto(data.dir(), new ProgressBar(err));
    } catch (ArchiveException e) {
      throw new CliException(
          e.unreachable() ? ExitCode.UNREACHABLE : ExitCode.FAILED,
          e.getMessage()
              + ".\n"
              + archive.manualInstructions(data.dir())
              + "\nOr pass --data-dir DIR (or set GENGAP_DATA_DIR) for CIFAR-10 that you already"
              + " have.");
    }
    err.println(
        "gengap: CIFAR-10 is in " + data.dir() + " (checked against its MD5; reused from now on)");
    err.flush();
  }
}
