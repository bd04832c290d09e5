package dev.gengap.dataset.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.dataset.source.ChannelStats;
import dev.gengap.dataset.source.DataFileException;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.source.ImageShape;
import dev.gengap.dataset.testdata.SyntheticCifar;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CifarFilesTest {
  private static final int RECORDS = 20;
  @TempDir Path dir;

  @Test
  void loadsEveryFileInOfficialOrder() throws IOException {
    SyntheticCifar.writeFixture(dir, RECORDS);
    ImageSet data = new CifarFiles(RECORDS).load(dir);

    assertThat(data.trainSize()).isEqualTo(5 * RECORDS);
    assertThat(data.testSize()).isEqualTo(RECORDS);
    assertThat(data.classNames()).hasSize(10).startsWith("airplane").endsWith("truck");
    byte[] batch3 = Files.readAllBytes(dir.resolve("data_batch_3.bin"));
    int firstOfBatch3 = 2 * RECORDS;
    assertThat(data.trainLabels()[firstOfBatch3]).isEqualTo(batch3[0]);
    assertThat(data.trainImages()[firstOfBatch3 * ImageShape.CIFAR10.imageBytes() + 5])
        .isEqualTo(batch3[6]);
    assertThat(data.trainChannelStats())
        .extracting(ChannelStats::channel)
        .containsExactly("R", "G", "B");
  }

  static Iterable<String> files() {
    return CifarFiles.allFiles();
  }

  @ParameterizedTest
  @MethodSource("files")
  void refusesAMissingFileNamingIt(String name) throws IOException {
    SyntheticCifar.writeFixture(dir, RECORDS);
    Files.delete(dir.resolve(name));

    assertThatThrownBy(() -> new CifarFiles(RECORDS).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessage(dir.resolve(name) + ": missing");
  }

  @Test
  void refusesAFileOfTheWrongSize() throws IOException {
    SyntheticCifar.writeFixture(dir, RECORDS);
    try (RandomAccessFile file =
        new RandomAccessFile(dir.resolve("test_batch.bin").toFile(), "rw")) {
      file.setLength(file.length() - 1);
    }

    assertThatThrownBy(() -> new CifarFiles(RECORDS).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessageStartingWith(
            dir.resolve("test_batch.bin") + ": size is 61459 bytes, expected 61460");
  }

  @Test
  void refusesTheRealSizeWhenExpectingOfficialFiles() {
    SyntheticCifar.writeFixture(dir, RECORDS);

    assertThatThrownBy(() -> new CifarFiles(CifarFiles.OFFICIAL_RECORDS_PER_FILE).load(dir))
        .hasMessageContaining("data_batch_1.bin: size is 61460 bytes, expected 30730000");
  }

  @Test
  void refusesALabelAboveNine() throws IOException {
    SyntheticCifar.writeFixture(dir, RECORDS);
    Path file = dir.resolve("data_batch_4.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[7 * 3073] = 10;
    Files.write(file, bytes);

    assertThatThrownBy(() -> new CifarFiles(RECORDS).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessage(file + ": record 7 has label 10, expected 0..9");
  }

  @Test
  void refusesAMetaFileWithoutTenClasses() throws IOException {
    SyntheticCifar.writeFixture(dir, RECORDS);
    Files.writeString(dir.resolve("batches.meta.txt"), "cat\ndog\n");

    assertThatThrownBy(() -> new CifarFiles(RECORDS).load(dir))
        .hasMessage(dir.resolve("batches.meta.txt") + ": expected 10 class names, found 2");
  }

  @Test
  void refusesADirectoryInPlaceOfAFile() throws IOException {
    SyntheticCifar.writeFixture(dir, RECORDS);
    Files.delete(dir.resolve("data_batch_2.bin"));
    Files.createDirectory(dir.resolve("data_batch_2.bin"));

    assertThatThrownBy(() -> new CifarFiles(RECORDS).load(dir))
        .hasMessage(dir.resolve("data_batch_2.bin") + ": not a regular file");
  }

  @Test
  void refusesAMissingDirectory() {
    Path missing = dir.resolve("nowhere");
    assertThatThrownBy(() -> new CifarFiles(RECORDS).load(missing))
        .hasMessage(missing + ": data directory does not exist");
  }
}
