package dev.gengap.cifar.archive;

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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The one download code path of every data set: an HTTP GET streamed into a file while its digest
 * is computed, refused (and the file deleted) unless the digest matches, with every failure mapped
 * to an {@link ArchiveException} that names the URL.
 */
final class VerifiedDownload {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();

  /**
   * Downloads {@code url} into {@code target} and checks it against {@code expected}; on a mismatch
   * deletes {@code target} and throws an {@link ArchiveException} saying the file was not kept.
   */
  void fetch(URI url, Path target, Checksum expected, DownloadProgress progress) {
    try {
      String actual = stream(url, target, expected.newDigest(), progress);
      if (!actual.equals(expected.hex())) {
        Files.deleteIfExists(target);
        throw new ArchiveException(
            url
                + ": "
                + expected.algorithm()
                + " of the download is "
                + actual
                + ", expected "
                + expected.hex()
                + "; not unpacked or kept",
            false);
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

  /** Streams the body to {@code target}, returning its digest (hex). */
  private String stream(URI url, Path target, MessageDigest digest, DownloadProgress progress)
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

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
