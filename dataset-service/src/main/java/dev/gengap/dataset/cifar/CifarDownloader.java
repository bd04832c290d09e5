package dev.gengap.dataset.cifar;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the official CIFAR-10 binary archive, logs progress, verifies its MD5 and only then
 * unpacks the data files into the data directory.
 */
public final class CifarDownloader {
  public static final URI OFFICIAL_URL =
      URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
  public static final String OFFICIAL_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

  private static final Logger log = LoggerFactory.getLogger(CifarDownloader.class);
  private static final int PROGRESS_STEPS = 10;

  private final HttpClient http;
  private final URI url;
  private final String md5;

  public CifarDownloader(HttpClient http, URI url, String md5) {
    this.http = http;
    this.url = url;
    this.md5 = md5.toLowerCase();
  }

  /** Downloads, verifies and unpacks into {@code dataDir}; the archive itself is removed. */
  public void downloadInto(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path archive = dataDir.resolve("cifar-10-binary.tar.gz.part");
      try {
        String actual = fetch(archive);
        if (!actual.equals(md5)) {
          throw new CifarDataException(
              url + ": MD5 of the download is " + actual + ", expected " + md5 + "; not unpacked");
        }
        unpack(archive, dataDir);
      } finally {
        Files.deleteIfExists(archive);
      }
    } catch (IOException e) {
      throw new CifarDataException(url + ": download failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CifarDataException(url + ": download interrupted", e);
    }
  }

  /** Streams the body to {@code target}, returning its MD5 (hex). */
  private String fetch(Path target) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).GET().build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body();
        OutputStream out = Files.newOutputStream(target)) {
      if (response.statusCode() != 200) {
        throw new CifarDataException(url + ": HTTP status " + response.statusCode());
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      log.info("event=download_started url={} bytes={}", url, total);
      MessageDigest digest = md5Digest();
      byte[] buffer = new byte[1 << 16];
      long received = 0;
      int reportedStep = 0;
      for (int n; (n = body.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        received += n;
        if (total > 0 && received * PROGRESS_STEPS / total > reportedStep) {
          reportedStep = (int) (received * PROGRESS_STEPS / total);
          log.info(
              "event=download_progress percent={} bytes={} of={}",
              reportedStep * 100 / PROGRESS_STEPS,
              received,
              total);
        }
      }
      log.info("event=download_finished bytes={}", received);
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  private static void unpack(Path archive, Path dataDir) throws IOException {
    Set<String> wanted = Set.copyOf(CifarFiles.allFiles());
    int unpacked = 0;
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(archive))))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        // The archive nests the files in cifar-10-batches-bin/; keep the base names only.
        String name = Path.of(entry.getName()).getFileName().toString();
        if (!entry.isFile() || !wanted.contains(name)) {
          continue;
        }
        Path part = dataDir.resolve(name + ".part");
        Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, dataDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        unpacked++;
      }
    }
    log.info("event=download_unpacked files={} dir={}", unpacked, dataDir);
  }

  private static MessageDigest md5Digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
