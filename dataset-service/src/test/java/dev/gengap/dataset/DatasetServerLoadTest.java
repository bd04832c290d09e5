package dev.gengap.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.testdata.SyntheticIdx;
import dev.gengap.spec.Datasets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Which data sets the service's main loads: any one of them alone, never none. */
class DatasetServerLoadTest {
  private final Logger log = (Logger) LoggerFactory.getLogger(DatasetServerLoadTest.class);

  @Test
  void servesFashionMnistAloneWithoutCifar10(@TempDir Path dir) {
    SyntheticIdx.writeBands(dir, 60_000, 10_000, 3, true);

    Optional<List<ImageSet>> loaded =
        DatasetServer.load(config(null, Map.of(Datasets.FASHION_MNIST, dir)), log);

    assertThat(loaded).isPresent();
    assertThat(loaded.get()).extracting(ImageSet::name).containsExactly("fashion-mnist");
    assertThat(loaded.get().get(0).trainSize()).isEqualTo(60_000);
  }

  @Test
  void refusesToStartWithNoDataSetNamingEveryFlag() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    log.addAppender(logs);
    try {
      assertThat(DatasetServer.load(config(null, Map.of()), log)).isEmpty();
    } finally {
      log.detachAppender(logs);
    }

    assertThat(logs.list)
        .singleElement()
        .extracting(ILoggingEvent::getFormattedMessage)
        .asString()
        .startsWith("event=no_dataset error=\"no data set to serve")
        .contains("--data-dir DIR", "--mnist-dir DIR", "--fashion-mnist-dir DIR");
  }

  @Test
  void aGivenDirectoryWithoutItsFilesStopsTheStart(@TempDir Path empty) {
    assertThat(DatasetServer.load(config(null, Map.of(Datasets.MNIST, empty)), log)).isEmpty();
  }

  @Test
  void downloadOnlyChecksTheFilesAndExitsWithoutServing(@TempDir Path dir) {
    SyntheticIdx.writeBands(dir, 60_000, 10_000, 3, false);
    CommandLine command = new CommandLine(new DatasetServer());

    // As k8s' init container runs it; the files are there, so nothing is fetched.
    int exit =
        command.execute(
            "--download-only", "--fashion-mnist-dir", dir.toString(), "--plaintext", "--no-auth");

    assertThat(exit).isZero();
    // Four files of the wrong size: present, so not fetched, and refused.
    Path truncated = SyntheticIdx.writeBands(dir.resolve("truncated"), 100, 10, 3, false);
    assertThat(
            command.execute(
                "--download-only", "--mnist-dir", truncated.toString(), "--plaintext", "--no-auth"))
        .isEqualTo(DatasetServer.EXIT_BAD_DATA);
  }

  /** A config that serves CIFAR-10 from {@code cifar} (null: not at all) and {@code idx}. */
  private static DatasetConfig config(Path cifar, Map<String, Path> idx) {
    return new DatasetConfig(
        cifar,
        idx,
        false,
        URI.create("http://127.0.0.1:9/none"),
        "",
        0,
        0,
        Duration.ofSeconds(1),
        1,
        null);
  }
}
