package dev.gengap.dataset.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gengap.dataset.testdata.SyntheticCifar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads an archive laid out like the official one from a local HTTP server. */
class CifarDownloaderIT {
  private static final int RECORDS = 10;
  @TempDir Path tmp;
  private HttpServer server;
  private byte[] archive;
  private String md5;

  @BeforeEach
  void serveArchive() throws Exception {
    Path source = SyntheticCifar.writeFixture(tmp.resolve("source"), RECORDS);
    archive = tarGz(source);
    md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/cifar-10-binary.tar.gz",
        exchange -> {
          exchange.sendResponseHeaders(200, archive.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(archive);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void downloadsVerifiesAndUnpacks() throws IOException {
    Path target = tmp.resolve("data");
    downloader(md5).downloadInto(target);

    Cifar10 data = new CifarFiles(RECORDS).load(target);
    assertThat(data.trainSize()).isEqualTo(5 * RECORDS);
    assertThat(Files.readAllBytes(target.resolve("test_batch.bin")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("source/test_batch.bin")));
    try (var files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(CifarFiles.allFiles());
    }
  }

  @Test
  void refusesToUnpackAnArchiveWithTheWrongMd5() throws IOException {
    Path target = tmp.resolve("data");
    String wrong = "c32a1d4ab5d03f1284b67883e8d87530";

    assertThatThrownBy(() -> downloader(wrong).downloadInto(target))
        .isInstanceOf(CifarDataException.class)
        .hasMessageContaining("MD5 of the download is " + md5 + ", expected " + wrong)
        .hasMessageContaining("not unpacked");
    try (var files = Files.list(target)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void namesTheUrlWhenTheServerSaysNo() {
    URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nothing");
    assertThatThrownBy(
            () ->
                new CifarDownloader(HttpClient.newHttpClient(), missing, md5)
                    .downloadInto(tmp.resolve("data")))
        .isInstanceOf(CifarDataException.class)
        .hasMessage(missing + ": HTTP status 404");
  }

  private CifarDownloader downloader(String expectedMd5) {
    URI url =
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cifar-10-binary.tar.gz");
    return new CifarDownloader(HttpClient.newHttpClient(), url, expectedMd5);
  }

  /** The official layout: everything under cifar-10-batches-bin/, plus a readme. */
  private static byte[] tarGz(Path source) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.putArchiveEntry(new TarArchiveEntry("cifar-10-batches-bin/"));
      tar.closeArchiveEntry();
      for (String name : CifarFiles.allFiles()) {
        add(tar, "cifar-10-batches-bin/" + name, Files.readAllBytes(source.resolve(name)));
      }
      add(tar, "cifar-10-batches-bin/readme.html", "<p>CIFAR-10</p>".getBytes());
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
