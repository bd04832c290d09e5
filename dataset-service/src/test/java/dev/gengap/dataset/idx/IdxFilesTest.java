package dev.gengap.dataset.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.dataset.source.DataFileException;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.source.ImageShape;
import dev.gengap.dataset.testdata.SyntheticIdx;
import dev.gengap.spec.Datasets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {
  private static final int TRAIN = 120;
  private static final int TEST = 30;
  @TempDir Path dir;

  @Test
  void readsGzippedAndUnzippedFilesAlike() {
    ImageSet gzipped =
        new IdxFiles(Datasets.FASHION_MNIST, TRAIN, TEST)
            .load(SyntheticIdx.writeBands(dir.resolve("gz"), TRAIN, TEST, 5, true));
    ImageSet plain =
        new IdxFiles(Datasets.FASHION_MNIST, TRAIN, TEST)
            .load(SyntheticIdx.writeBands(dir.resolve("plain"), TRAIN, TEST, 5, false));

    assertThat(gzipped.name()).isEqualTo("fashion-mnist");
    assertThat(gzipped.shape()).isEqualTo(new ImageShape(1, 28));
    assertThat(gzipped.trainSize()).isEqualTo(TRAIN);
    assertThat(gzipped.testSize()).isEqualTo(TEST);
    assertThat(gzipped.trainImages()).hasSize(TRAIN * 784).isEqualTo(plain.trainImages());
    assertThat(gzipped.testLabels()).isEqualTo(plain.testLabels());
    assertThat(gzipped.classNames()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
    assertThat(gzipped.trainChannelStats())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.channel()).isEqualTo("L");
              assertThat(s.mean()).isBetween(20.0, 240.0);
            });
    // Image 0 of each split is the position image, pixel q = q mod 251, row-major.
    assertThat(gzipped.trainImages()[300] & 0xFF).isEqualTo(SyntheticIdx.positionValue(300));
    assertThat(gzipped.testImages()[783] & 0xFF).isEqualTo(SyntheticIdx.positionValue(783));
  }

  @Test
  void mnistHasDigitNames() {
    ImageSet mnist =
        new IdxFiles(Datasets.MNIST, TRAIN, TEST)
            .load(SyntheticIdx.writeBands(dir, TRAIN, TEST, 1, true));
    assertThat(mnist.name()).isEqualTo("mnist");
    assertThat(mnist.classNames())
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(IdxFiles.allPresent(dir)).isTrue();
    assertThat(IdxFiles.allPresent(dir.resolve("nowhere"))).isFalse();
  }

  @Test
  void refusesAWrongCountNamingTheFile() {
    SyntheticIdx.writeBands(dir, TRAIN, TEST, 1, false);
    assertThatThrownBy(() -> new IdxFiles(Datasets.MNIST, TRAIN + 1, TEST).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessageContaining("train-images-idx3-ubyte")
        .hasMessageContaining("holds 120 items, expected 121");
  }

  @Test
  void refusesAWrongMagicNumberOrSize() throws IOException {
    SyntheticIdx.writeBands(dir, TRAIN, TEST, 1, false);
    Path labels = dir.resolve(SyntheticIdx.TEST_LABELS);
    byte[] bytes = Files.readAllBytes(labels);
    bytes[3] = 0x03; // an images header on a labels file
    Files.write(labels, bytes);
    assertThatThrownBy(() -> new IdxFiles(Datasets.MNIST, TRAIN, TEST).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessageContaining("t10k-labels-idx1-ubyte: magic number is 0x803, expected 0x801");

    SyntheticIdx.writeBands(dir, TRAIN, TEST, 1, false);
    Path images = dir.resolve(SyntheticIdx.TRAIN_IMAGES);
    byte[] image = Files.readAllBytes(images);
    ByteBuffer.wrap(image).putInt(8, 32); // 32 rows
    Files.write(images, image);
    assertThatThrownBy(() -> new IdxFiles(Datasets.MNIST, TRAIN, TEST).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessageContaining("images are 32×28, expected 28×28");
  }

  @Test
  void refusesALabelOutOfRangeTrailingBytesAndAMissingFile() throws IOException {
    SyntheticIdx.writeBands(dir, TRAIN, TEST, 1, false);
    Path labels = dir.resolve(SyntheticIdx.TRAIN_LABELS);
    byte[] bytes = Files.readAllBytes(labels);
    bytes[8 + 7] = 10;
    Files.write(labels, bytes);
    assertThatThrownBy(() -> new IdxFiles(Datasets.MNIST, TRAIN, TEST).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessageContaining("label 7 is 10, expected 0..9");

    SyntheticIdx.writeBands(dir, TRAIN, TEST, 1, false);
    Files.write(labels, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> new IdxFiles(Datasets.MNIST, TRAIN, TEST).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessageContaining("trailing bytes");

    Files.delete(labels);
    assertThatThrownBy(() -> new IdxFiles(Datasets.MNIST, TRAIN, TEST).load(dir))
        .isInstanceOf(DataFileException.class)
        .hasMessageContaining("train-labels-idx1-ubyte.gz: missing");
  }
}
