package dev.gengap.cifar.archive;

import java.net.URI;
import java.nio.file.Path;

/** A data set's official files and how to fetch them, checksum-verified, into a directory. */
public interface DataDownload {
  /** Where the files come from: the archive, or the base URL of separate files. */
  URI url();

  /**
   * Fetches what {@code dataDir} lacks, verifying each download before it is kept, reporting each
   * chunk to {@code progress}.
   *
   * @throws ArchiveException naming the URL and the fault
   */
  void downloadInto(Path dataDir, DownloadProgress progress);

  /** What a user without network access does instead: the URLs, checksums and directory. */
  String manualInstructions(Path dataDir);
}
