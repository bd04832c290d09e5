package dev.gengap.cifar.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The official CIFAR-10 binary archive: which files it holds, and a download that verifies the
 * archive's MD5 before unpacking those files (flat) into a data directory. The archive itself is
 * not kept.
 */
public final class CifarArchive {
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

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http;
  private final URI url;
  private final String md5;

  public CifarArchive(URI url, String md5) {
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    this.url = url;
    this.md5 = md5.toLowerCase(Locale.ROOT);
  }

  /** The files of {@link #FILES} that {@code dir} lacks (all of them when it does not exist). */
  public static List<String> missingFiles(Path dir) {
    return FILES.stream().filter(name -> !Files.isRegularFile(dir.resolve(name))).toList();
  }

  public URI url() {
    return url;
  }

  /**
   * What a user without network access does instead of {@link #downloadInto}: one paragraph with
   * the URL, the MD5 and the target directory.
   */
  public String manualInstructions(Path dataDir) {
    return "Download "
        + url
        + " (MD5 "
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
  public void downloadInto(Path dataDir, DownloadProgress progress) {
    Path archive = dataDir.resolve("cifar-10-binary.tar.gz.part");
    try {
      Files.createDirectories(dataDir);
      try {
        String actual = fetch(archive, progress);
        if (!actual.equals(md5)) {
          throw new ArchiveException(
              url + ": MD5 of the download is " + actual + ", expected " + md5 + "; not unpacked",
              false);
        }
        unpack(archive, dataDir);
      } finally {
        Files.deleteIfExists(archive);
      }
    } catch (HttpConnectTimeoutException e) {
      throw new ArchiveException(
          url + ": unreachable (no connection within " + CONNECT_TIMEOUT.toSeconds() + " s)",
          true,
          e);
    } catch (UnknownHostException e) {
      throw new ArchiveException(
          url + ": unreachable (unknown host " + url.getHost() + ")", true, e);
    } catch (ConnectException e) {
      throw new ArchiveException(url + ": unreachable (connection refused or no route)", true, e);
    } catch (IOException e) {
      throw new ArchiveException(url + ": download failed (" + describe(e) + ")", false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArchiveException(url + ": download interrupted", false, e);
    }
  }

  /** Streams the body to {@code target}, returning its MD5 (hex). */
  private String fetch(Path target, DownloadProgress progress)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body();
        OutputStream out = Files.newOutputStream(target)) {
      if (response.statusCode() != 200) {
        throw new ArchiveException(url + ": HTTP status " + response.statusCode(), false);
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      MessageDigest digest = md5Digest();
      byte[] buffer = new byte[1 << 16];
      long received = 0;
      progress.received(0, total);
      for (int n; (n = body.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        received += n;
        progress.received(received, total);
      }
      progress.finished(received);
      return HexFormat.of().formatHex(digest.digest());
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

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static MessageDigest md5Digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
