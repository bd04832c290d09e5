package dev.gengap.dataset.testdata;

import dev.gengap.dataset.cifar.Cifar10;
import dev.gengap.dataset.cifar.CifarFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes small CIFAR-format data sets for tests. Pixels are uniform in a per-channel band (R
 * 60..180, G 40..160, B 80..200) so Gaussian draws from their statistics rarely clip; train image
 * 0, train image 1 and test image 0 are "position images" whose (R, G) pair names the pixel
 * position, so a permutation can be read back from them.
 */
public final class CifarFixture {
  private static final int[] LOW = {60, 40, 80};

  private CifarFixture() {}

  /** Writes the six batch files of {@code recordsPerFile} records and the meta file. */
  public static Path write(Path dir, int recordsPerFile) {
    SplittableRandom random = new SplittableRandom(42);
    try {
      Files.createDirectories(dir);
      for (String name : CifarFiles.TRAIN_FILES) {
        boolean first = name.equals(CifarFiles.TRAIN_FILES.get(0));
        Files.write(dir.resolve(name), records(random, recordsPerFile, first ? 2 : 0));
      }
      Files.write(dir.resolve(CifarFiles.TEST_FILE), records(random, recordsPerFile, 1));
      Files.writeString(
          dir.resolve(CifarFiles.META_FILE),
          "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Writes and loads a fixture. */
  public static Cifar10 load(Path dir, int recordsPerFile) {
    return new CifarFiles(recordsPerFile).load(write(dir, recordsPerFile));
  }

  /** Position q of a position image has R = q mod 256, G = q / 256 (B = 7). */
  public static int positionOf(byte[] images, int offset, int q) {
    int r = images[offset + q] & 0xFF;
    int g = images[offset + Cifar10.PLANE + q] & 0xFF;
    return g * 256 + r;
  }

  private static byte[] records(SplittableRandom random, int count, int positionImages) {
    int recordBytes = 1 + Cifar10.IMAGE_BYTES;
    byte[] out = new byte[count * recordBytes];
    for (int i = 0; i < count; i++) {
      int base = i * recordBytes;
      out[base] = (byte) random.nextInt(Cifar10.CLASSES);
      for (int c = 0; c < Cifar10.CHANNELS; c++) {
        for (int q = 0; q < Cifar10.PLANE; q++) {
          int value =
              i < positionImages
                  ? switch (c) {
                    case 0 -> q % 256;
                    case 1 -> q / 256;
                    default -> 7;
                  }
                  : LOW[c] + random.nextInt(121);
          out[base + 1 + c * Cifar10.PLANE + q] = (byte) value;
        }
      }
    }
    return out;
  }
}
