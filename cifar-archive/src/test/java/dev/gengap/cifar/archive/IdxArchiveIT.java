package dev.gengap.cifar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads four IDX files laid out like the official mirrors from a local HTTP server. */
class IdxArchiveIT {
  @TempDir Path tmp;
  private HttpServer server;
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final List<String> requested = new CopyOnWriteArrayList<>();

  @BeforeEach
  void serve() throws IOException {
    for (String name : IdxArchive.FILES) {
      files.put(name, ("content of " + name).getBytes(StandardCharsets.UTF_8));
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/mnist/",
        exchange -> {
          String name = Path.of(exchange.getRequestURI().getPath()).getFileName().toString();
          requested.add(name);
          byte[] body = files.get(name);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/");
  }

  private Map<String, Checksum> sha256s() {
    Map<String, Checksum> sums = new LinkedHashMap<>();
    files.forEach((name, body) -> sums.put(name, Checksum.sha256(digest("SHA-256", body))));
    return sums;
  }

  @Test
  void downloadsAndKeepsEachVerifiedFileAsPublished() throws IOException {
    Path target = tmp.resolve("mnist");
    List<Long> finished = new CopyOnWriteArrayList<>();
    DownloadProgress progress =
        new DownloadProgress() {
          @Override
          public void received(long received, long total) {}

          @Override
          public void finished(long received) {
            finished.add(received);
          }
        };

    new IdxArchive(base(), sha256s()).downloadInto(target, progress);

    assertThat(IdxArchive.missingFiles(target)).isEmpty();
    for (String name : IdxArchive.FILES) {
      assertThat(Files.readAllBytes(target.resolve(name))).isEqualTo(files.get(name));
    }
    try (var listed = Files.list(target)) {
      assertThat(listed.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(IdxArchive.FILES);
    }
    assertThat(finished).hasSize(4);
  }

  @Test
  void fetchesOnlyWhatIsMissingAndAcceptsUnzippedFiles() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("partial"));
    Files.write(target.resolve("train-images-idx3-ubyte"), new byte[] {1}); // unzipped: counts
    Files.write(target.resolve(IdxArchive.TEST_LABELS), new byte[] {2});

    new IdxArchive(base(), sha256s()).downloadInto(target, DownloadProgress.NONE);

    assertThat(requested)
        .containsExactlyInAnyOrder(IdxArchive.TRAIN_LABELS, IdxArchive.TEST_IMAGES);
    assertThat(IdxArchive.find(target, IdxArchive.TRAIN_IMAGES))
        .contains(target.resolve("train-images-idx3-ubyte"));
  }

  @Test
  void refusesAFileWithTheWrongChecksumAndKeepsNothingOfIt() throws IOException {
    Path target = tmp.resolve("bad");
    Map<String, Checksum> sums = sha256s();
    Checksum wrong = Checksum.sha256("00".repeat(32));
    sums.put(IdxArchive.TRAIN_LABELS, wrong);
    String actual = digest("SHA-256", files.get(IdxArchive.TRAIN_LABELS));

    assertThatThrownBy(
            () -> new IdxArchive(base(), sums).downloadInto(target, DownloadProgress.NONE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(
            base().resolve(IdxArchive.TRAIN_LABELS)
                + ": SHA-256 of the download is "
                + actual
                + ", expected "
                + wrong.hex()
                + "; not unpacked or kept");
    // The file before it was verified and kept; the bad one and its partial download are gone.
    try (var listed = Files.list(target)) {
      assertThat(listed.map(p -> p.getFileName().toString()))
          .containsExactly(IdxArchive.TRAIN_IMAGES);
    }
  }

  @Test
  void md5ChecksumsWorkTooAndAMissingFileNamesItsUrl() {
    Map<String, Checksum> md5s = new LinkedHashMap<>();
    files.forEach((name, body) -> md5s.put(name, Checksum.md5(digest("MD5", body))));
    files.remove(IdxArchive.TEST_LABELS);

    assertThatThrownBy(
            () ->
                new IdxArchive(base(), md5s).downloadInto(tmp.resolve("f"), DownloadProgress.NONE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(base().resolve(IdxArchive.TEST_LABELS) + ": HTTP status 404");
    assertThat(IdxArchive.missingFiles(tmp.resolve("f"))).containsExactly(IdxArchive.TEST_LABELS);
  }

  @Test
  void theOfficialArchivesNameEveryFileWithAChecksum() {
    assertThat(IdxArchive.MNIST.url())
        .hasToString("https://ossci-datasets.s3.amazonaws.com/mnist/");
    assertThat(IdxArchive.MNIST.manualInstructions(tmp))
        .contains(
            "https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz",
            "SHA-256 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");
    assertThat(IdxArchive.FASHION_MNIST.manualInstructions(tmp))
        .contains(
            "fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-labels-idx1-ubyte.gz",
            "MD5 bb300cfdad3c16e7a12a480ee83cd310");
    assertThatThrownBy(() -> new IdxArchive(base(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String digest(String algorithm, byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
