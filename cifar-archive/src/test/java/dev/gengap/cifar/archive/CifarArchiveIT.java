package dev.gengap.cifar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads an archive laid out like the official one from a local HTTP server. */
class CifarArchiveIT {
  @TempDir Path tmp;
  private ArchiveServer server;

  @BeforeEach
  void serve() throws IOException {
    server = ArchiveServer.withPlaceholderFiles();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void downloadsVerifiesAndUnpacksTheFilesFlat() throws IOException {
    Path target = tmp.resolve("data");
    List<Long> seen = new ArrayList<>();
    new CifarArchive(server.url(), server.md5())
        .downloadInto(target, (received, total) -> seen.add(total > 0 ? received : -received));

    assertThat(CifarArchive.missingFiles(target)).isEmpty();
    assertThat(Files.readString(target.resolve("test_batch.bin"))).isEqualTo("test_batch.bin");
    try (var files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(CifarArchive.FILES);
    }
    assertThat(seen).first().isEqualTo(0L);
    assertThat(seen).last().isEqualTo(server.size());
  }

  @Test
  void refusesToUnpackAnArchiveWithTheWrongMd5() throws IOException {
    Path target = tmp.resolve("data");
    String wrong = CifarArchive.OFFICIAL_MD5;

    assertThatThrownBy(
            () -> new CifarArchive(server.url(), wrong).downloadInto(target, DownloadProgress.NONE))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("MD5 of the download is " + server.md5() + ", expected " + wrong)
        .hasMessageContaining("not unpacked");
    try (var files = Files.list(target)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void namesTheUrlWhenTheServerSaysNo() {
    URI missing = server.urlOf("/nothing");
    assertThatThrownBy(
            () ->
                new CifarArchive(missing, server.md5())
                    .downloadInto(tmp.resolve("data"), DownloadProgress.NONE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(missing + ": HTTP status 404")
        .matches(e -> !((ArchiveException) e).unreachable());
  }

  @Test
  void aServerThatIsNotThereIsUnreachable() throws IOException {
    URI nowhere;
    try (ServerSocket socket = new ServerSocket(0)) {
      nowhere = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/cifar-10-binary.tar.gz");
    }
    CifarArchive archive = new CifarArchive(nowhere, server.md5());

    assertThatThrownBy(() -> archive.downloadInto(tmp.resolve("data"), DownloadProgress.NONE))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith(nowhere + ": unreachable")
        .matches(e -> ((ArchiveException) e).unreachable());
    assertThat(archive.manualInstructions(tmp.resolve("data")))
        .contains(nowhere.toString(), server.md5(), "tar -xzf", tmp.resolve("data").toString());
  }
}
