package dev.gengap.cifar.archive;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The published files of an MNIST-format data set (four gzipped IDX files under one base URL) and a
 * download that checks each file's digest before keeping it, as published, in a data directory.
 *
 * <p>Checksums: MNIST's SHA-256 sums are the ones torchvision, TensorFlow Datasets and others
 * publish for these exact files. Zalando publishes only MD5 sums for Fashion-MNIST (its README,
 * also torchvision's); Debian's {@code dataset-fashion-mnist} files are recompressed (other gzip
 * headers, other sizes), so their digests do not identify the official downloads and are not used.
 */
public final class IdxArchive implements DataDownload {
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  private static final String GZIP_SUFFIX = ".gz";

  /** The four published files, in download order. */
  public static final List<String> FILES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /** MNIST from the mirror PyTorch uses (LeCun's own site refuses automated downloads). */
  public static final IdxArchive MNIST =
      new IdxArchive(
          URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          Map.of(
              TRAIN_IMAGES,
              Checksum.sha256("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
              TRAIN_LABELS,
              Checksum.sha256("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
              TEST_IMAGES,
              Checksum.sha256("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
              TEST_LABELS,
              Checksum.sha256("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

  /** Fashion-MNIST from Zalando's own bucket. */
  public static final IdxArchive FASHION_MNIST =
      new IdxArchive(
          URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
          Map.of(
              TRAIN_IMAGES, Checksum.md5("8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
              TRAIN_LABELS, Checksum.md5("25c81989df183df01b3e8a0aad5dffbe"),
              TEST_IMAGES, Checksum.md5("bef4ecab320f06d8554ea6380940ec79"),
              TEST_LABELS, Checksum.md5("bb300cfdad3c16e7a12a480ee83cd310")));

  private final VerifiedDownload download = new VerifiedDownload();
  private final URI baseUrl;
  private final Map<String, Checksum> checksums;

  /**
   * Files under {@code baseUrl} (ending in "/") with these checksums, one per name of {@link
   * #FILES}; tests serve their own.
   */
  public IdxArchive(URI baseUrl, Map<String, Checksum> checksums) {
    if (!checksums.keySet().equals(Set.copyOf(FILES))) {
      throw new IllegalArgumentException("checksums: need one for each of " + FILES);
    }
    this.baseUrl = baseUrl;
    this.checksums = Map.copyOf(checksums);
  }

  /** The base URL the four files are under. */
  @Override
  public URI url() {
    return baseUrl;
  }

  /**
   * The files of {@link #FILES} that {@code dir} lacks, gzipped or not (all of them when it does
   * not exist).
   */
  public static List<String> missingFiles(Path dir) {
    return FILES.stream().filter(name -> find(dir, name).isEmpty()).toList();
  }

  /**
   * The file of a published name in {@code dir}: as published ({@code name.gz}) or unzipped ({@code
   * name} without ".gz"), whichever is a regular file.
   */
  public static Optional<Path> find(Path dir, String publishedName) {
    String unzipped = publishedName.substring(0, publishedName.length() - GZIP_SUFFIX.length());
    return Stream.of(dir.resolve(publishedName), dir.resolve(unzipped))
        .filter(Files::isRegularFile)
        .findFirst();
  }

  @Override
  public String manualInstructions(Path dataDir) {
    StringBuilder text =
        new StringBuilder("Download these files on a machine with network access into ")
            .append(dataDir)
            .append(" (gzipped as published, or unzipped):");
    for (String name : FILES) {
      text.append("\n  ").append(baseUrl.resolve(name)).append("  (").append(checksums.get(name));
      text.append(')');
    }
    return text.toString();
  }

  /**
   * Downloads each missing file into {@code dataDir}, keeping it only when its digest matches;
   * reports each chunk to {@code progress}. Throws {@link ArchiveException}; then the files
   * verified so far are kept and the failing one is not.
   */
  @Override
  public void downloadInto(Path dataDir, DownloadProgress progress) {
    try {
      Files.createDirectories(dataDir);
      for (String name : missingFiles(dataDir)) {
        Path part = dataDir.resolve(name + ".part");
        try {
          download.fetch(baseUrl.resolve(name), part, checksums.get(name), progress);
          Files.move(part, dataDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(part);
        }
      }
    } catch (IOException e) {
      throw new ArchiveException(
          dataDir + ": cannot keep the downloaded files here (" + e.getMessage() + ")", false, e);
    }
  }
}
