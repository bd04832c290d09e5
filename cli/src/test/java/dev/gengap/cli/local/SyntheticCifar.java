package dev.gengap.cli.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes CIFAR-10 binary files of the official size (5 × 10,000 training and 10,000 test records)
 * whose images an MLP learns in a few epochs: class c is a bright band of rows 4 + 2c and 5 + 2c
 * (inside the 28×28 center crop) over noise. A band survives the per-image whitening, unlike a
 * colour or brightness would.
 */
public final class SyntheticCifar {
  static final int RECORDS_PER_FILE = 10_000;
  static final int SIDE = 32;
  static final int IMAGE_BYTES = 3 * SIDE * SIDE;

  private SyntheticCifar() {}

  public static Path write(Path dir, long seed) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(seed);
    for (int file = 1; file <= 5; file++) {
      writeBatch(dir.resolve("data_batch_" + file + ".bin"), random);
    }
    writeBatch(dir.resolve("test_batch.bin"), random);
    Files.writeString(
        dir.resolve("batches.meta.txt"),
        IntStream.range(0, 10).mapToObj(c -> "class" + c).collect(Collectors.joining("\n")) + "\n");
    return dir;
  }

  private static void writeBatch(Path file, SplittableRandom random) throws IOException {
    byte[] record = new byte[1 + IMAGE_BYTES];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (int r = 0; r < RECORDS_PER_FILE; r++) {
        int label = random.nextInt(10);
        record[0] = (byte) label;
        for (int channel = 0; channel < 3; channel++) {
          for (int row = 0; row < SIDE; row++) {
            boolean band = row == 4 + 2 * label || row == 5 + 2 * label;
            for (int col = 0; col < SIDE; col++) {
              int value = (band ? 170 : 40) + random.nextInt(60);
              record[1 + channel * SIDE * SIDE + row * SIDE + col] = (byte) value;
            }
          }
        }
        out.write(record);
      }
    }
  }
}
