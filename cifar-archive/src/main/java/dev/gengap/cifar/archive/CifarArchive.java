package dev.gengap.cifar.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The official CIFAR-10 binary archive: which files it holds, and a download that verifies the
 * archive's MD5 before unpacking those files (flat) into a data directory. The archive itself is
 * not kept.
 */
public final class CifarArchive implements DataDownload {
  public static final URI OFFICIAL_URL =
      URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
  public static final String OFFICIAL_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

  /** Every file a data directory needs, as named inside the archive. */
  public static final List<String> FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin",
          "test_batch.bin",
          "batches.meta.txt");

  private final VerifiedDownload download = new VerifiedDownload();
  private final URI url;
  private final Checksum md5;

  public CifarArchive(URI url, String md5) {
    this.url = url;
    this.md5 = Checksum.md5(md5);
  }

  /** The files of {@link #FILES} that {@code dir} lacks (all of them when it does not exist). */
  public static List<String> missingFiles(Path dir) {
    return FILES.stream().filter(name -> !Files.isRegularFile(dir.resolve(name))).toList();
  }

  @Override
  public URI url() {
    return url;
  }

  /**
   * What a user without network access does instead of {@link #downloadInto}: one paragraph with
   * the URL, the MD5 and the target directory.
   */
  @Override
  public String manualInstructions(Path dataDir) {
    return "Download "
        + url
        + " ("
        + md5
        + ") on a machine with network access, then unpack it here:\n"
        + "  mkdir -p "
        + dataDir
        + " && tar -xzf cifar-10-binary.tar.gz --strip-components=1 -C "
        + dataDir
        + "\nThe directory must hold "
        + String.join(", ", FILES)
        + ".";
  }

  /**
   * Downloads the archive, checks its MD5 and unpacks {@link #FILES} into {@code dataDir},
   * reporting each chunk received to {@code progress}. Throws {@link ArchiveException}; then no
   * file has been unpacked (a wrong MD5) or the directory may hold some of the files.
   */
  @Override
  public void downloadInto(Path dataDir, DownloadProgress progress) {
    Path archive = dataDir.resolve("cifar-10-binary.tar.gz.part");
    try {
      Files.createDirectories(dataDir);
      try {
        download.fetch(url, archive, md5, progress);
        unpack(archive, dataDir);
      } finally {
        Files.deleteIfExists(archive);
      }
    } catch (IOException e) {
      throw new ArchiveException(
          dataDir + ": cannot unpack the archive here (" + e.getMessage() + ")", false, e);
    }
  }

  private static void unpack(Path archive, Path dataDir) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(archive))))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        // The archive nests the files in cifar-10-batches-bin/; keep the base names only.
        String name = Path.of(entry.getName()).getFileName().toString();
        if (!entry.isFile() || !FILES.contains(name)) {
          continue;
        }
        Path part = dataDir.resolve(name + ".part");
        Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, dataDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    List<String> missing = missingFiles(dataDir);
    if (!missing.isEmpty()) {
      throw new ArchiveException(archive + ": the archive lacks " + missing, false);
    }
  }
}
