package dev.gengap.dataset.testdata;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes small data sets in CIFAR-10's binary format (five training files, one test file and the
 * meta file) for this module's tests and, through its test-jar, for the other modules' tests.
 *
 * <p>It uses only the JDK, so the CLI's tests can use it without depending on dataset-service code;
 * that also makes it an independent statement of the format {@code CifarFiles} reads.
 */
public final class SyntheticCifar {
  /** Records in each file of the official data set. */
  public static final int OFFICIAL_RECORDS_PER_FILE = 10_000;

  private static final int SIDE = 32;
  private static final int PLANE = SIDE * SIDE;
  private static final int CHANNELS = 3;
  private static final int CLASSES = 10;
  private static final int RECORD_BYTES = 1 + CHANNELS * PLANE;
  private static final List<String> TRAIN_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");
  private static final String TEST_FILE = "test_batch.bin";
  private static final String META_FILE = "batches.meta.txt";
  private static final String META =
      "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";
  // Fixture images are uniform in a per-channel band, so Gaussian draws from their statistics
  // rarely clip.
  private static final int[] FIXTURE_LOW = {60, 40, 80};

  private SyntheticCifar() {}

  /**
   * The dataset-service's fixture (seed 42): pixels uniform in a per-channel band (R 60..180, G
   * 40..160, B 80..200); train images 0 and 1 and test image 0 are "position images" whose (R, G)
   * pair names the pixel position, so a permutation can be read back with {@link #positionOf}.
   */
  public static Path writeFixture(Path dir, int recordsPerFile) {
    return write(
        dir,
        recordsPerFile,
        42,
        (record, file, index, random) -> {
          int positionImages = file.equals(TRAIN_FILES.get(0)) ? 2 : file.equals(TEST_FILE) ? 1 : 0;
          record[0] = (byte) random.nextInt(CLASSES);
          for (int c = 0; c < CHANNELS; c++) {
            for (int q = 0; q < PLANE; q++) {
              int value =
                  index < positionImages
                      ? switch (c) {
                        case 0 -> q % 256;
                        case 1 -> q / 256;
                        default -> 7;
                      }
                      : FIXTURE_LOW[c] + random.nextInt(121);
              record[1 + c * PLANE + q] = (byte) value;
            }
          }
        });
  }

  /** Position q of a fixture's position image has R = q mod 256, G = q / 256 (B = 7). */
  public static int positionOf(byte[] images, int offset, int q) {
    int r = images[offset + q] & 0xFF;
    int g = images[offset + PLANE + q] & 0xFF;
    return g * 256 + r;
  }

  /**
   * Structureless images: uniform pixels and uniform labels, so a network can fit the training
   * split only by memorizing it and the test split stays at chance.
   */
  public static Path writeNoise(Path dir, int recordsPerFile, long seed) {
    return write(
        dir,
        recordsPerFile,
        seed,
        (record, file, index, random) -> {
          record[0] = (byte) random.nextInt(CLASSES);
          for (int b = 1; b < RECORD_BYTES; b++) {
            record[b] = (byte) random.nextInt(256);
          }
        });
  }

  /**
   * Images an MLP learns in a few epochs: class c is a bright band of rows 4 + 2c and 5 + 2c
   * (inside the 28×28 center crop) over noise. A band survives the per-image whitening, unlike a
   * colour or brightness would.
   */
  public static Path writeBands(Path dir, int recordsPerFile, long seed) {
    return write(
        dir,
        recordsPerFile,
        seed,
        (record, file, index, random) -> {
          int label = random.nextInt(CLASSES);
          record[0] = (byte) label;
          for (int c = 0; c < CHANNELS; c++) {
            for (int row = 0; row < SIDE; row++) {
              boolean band = row == 4 + 2 * label || row == 5 + 2 * label;
              for (int col = 0; col < SIDE; col++) {
                int value = (band ? 170 : 40) + random.nextInt(60);
                record[1 + c * PLANE + row * SIDE + col] = (byte) value;
              }
            }
          }
        });
  }

  /** Fills one record (label byte, then the R, G and B planes) from the shared generator. */
  @FunctionalInterface
  private interface RecordFiller {
    void fill(byte[] record, String file, int index, SplittableRandom random);
  }

  private static Path write(Path dir, int recordsPerFile, long seed, RecordFiller filler) {
    // One generator for all six files, in file order, so each seed names one data set.
    SplittableRandom random = new SplittableRandom(seed);
    try {
      Files.createDirectories(dir);
      for (String file : TRAIN_FILES) {
        writeFile(dir.resolve(file), recordsPerFile, random, filler);
      }
      writeFile(dir.resolve(TEST_FILE), recordsPerFile, random, filler);
      Files.writeString(dir.resolve(META_FILE), META);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static void writeFile(
      Path path, int records, SplittableRandom random, RecordFiller filler) throws IOException {
    byte[] record = new byte[RECORD_BYTES];
    String file = path.getFileName().toString();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
      for (int i = 0; i < records; i++) {
        filler.fill(record, file, i, random);
        out.write(record);
      }
    }
  }
}
