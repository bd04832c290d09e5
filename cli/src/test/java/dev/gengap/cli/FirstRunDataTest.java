package dev.gengap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.cifar.archive.ArchiveServer;
import dev.gengap.cifar.archive.CifarArchive;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run of {@code local} and {@code demo} with no data configured: the archive is
 * downloaded (here from a local HTTP server) into the cache and reused; offline, the message says
 * what to download and where to put it. The checkout ({@code --home}) is empty, so each command
 * stops right after the data step, at the missing service jars.
 */
class FirstRunDataTest {
  @TempDir Path tmp;

  @Test
  void localFillsTheCacheOnceAndReusesIt() throws IOException {
    Path cache = tmp.resolve("cache");
    try (ArchiveServer server = ArchiveServer.withPlaceholderFiles()) {
      CliRunner.Result first = local(cache, server.url().toString(), server.md5());

      assertThat(CifarArchive.missingFiles(cache.resolve("cifar10"))).isEmpty();
      assertThat(first.err())
          .contains("downloading " + server.url(), "100%", "checked against its MD5");
      assertStoppedAtTheJars(first);
    }
    // The server is gone: a second run must not need it.
    CliRunner.Result second = local(cache, "http://127.0.0.1:9/unused", "0");

    assertThat(second.err()).doesNotContain("downloading");
    assertStoppedAtTheJars(second);
  }

  @Test
  void demoFillsTheCacheToo() throws IOException {
    Path cache = tmp.resolve("cache");
    try (ArchiveServer server = ArchiveServer.withPlaceholderFiles()) {
      CliRunner.Result result =
          CliRunner.run(
              "demo",
              "--home",
              tmp.resolve("empty-checkout").toString(),
              "--out-dir",
              tmp.resolve("demo").toString(),
              "--cache-dir",
              cache.toString(),
              "--download-url",
              server.url().toString(),
              "--download-md5",
              server.md5());

      assertThat(CifarArchive.missingFiles(cache.resolve("cifar10"))).isEmpty();
      assertStoppedAtTheJars(result);
    }
  }

  @Test
  void offlineSaysWhatToDownloadAndWhereToPutIt() throws IOException {
    String nowhere;
    try (ServerSocket socket = new ServerSocket(0)) {
      nowhere = "http://127.0.0.1:" + socket.getLocalPort() + "/cifar-10-binary.tar.gz";
    }
    Path cache = tmp.resolve("cache");

    CliRunner.Result result = local(cache, nowhere, CifarArchive.OFFICIAL_MD5);

    assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(result.err())
        .contains(
            nowhere + ": unreachable",
            "Download " + nowhere + " (MD5 " + CifarArchive.OFFICIAL_MD5 + ")",
            "tar -xzf cifar-10-binary.tar.gz --strip-components=1 -C "
                + cache.resolve("cifar10").toAbsolutePath(),
            "--data-dir DIR (or set GENGAP_DATA_DIR)")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void anIncompleteDataDirIsNamedWithWhatItLacks() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("test_batch.bin"), "x");

    CliRunner.Result result =
        CliRunner.run("local", "--home", tmp.toString(), "--data-dir", data.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .contains("--data-dir " + data + ": lacks data_batch_1.bin", "--download");
  }

  @Test
  void aWorkerHeapJavaCannotTakeIsAUsageErrorNamingTheFlag() {
    CliRunner.Result result =
        CliRunner.run("local", "--home", tmp.toString(), "--worker-heap", "lots");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .startsWith("gengap: --worker-heap: must be a number of bytes with k, m or g")
        .contains("was 'lots'")
        .doesNotContain("Exception");
  }

  private CliRunner.Result local(Path cache, String url, String md5) {
    return CliRunner.run(
        "local",
        "--home",
        tmp.resolve("empty-checkout").toString(),
        "--state-dir",
        tmp.resolve("state").toString(),
        "--cache-dir",
        cache.toString(),
        "--download-url",
        url,
        "--download-md5",
        md5);
  }

  private static void assertStoppedAtTheJars(CliRunner.Result result) {
    assertThat(result.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(result.err()).contains("dataset-service.jar is missing");
  }
}
