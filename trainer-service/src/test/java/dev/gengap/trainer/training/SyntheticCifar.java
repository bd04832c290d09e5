package dev.gengap.trainer.training;

import dev.gengap.dataset.cifar.Cifar10;
import dev.gengap.dataset.cifar.CifarFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small data set in CIFAR-10's binary format: uniform random pixels and labels (so every
 * label is as good as random and fitting them is memorization), as dataset-service's own
 * CifarFixture does.
 */
final class SyntheticCifar {
  private SyntheticCifar() {}

  /**
   * Five training files and one test file of {@code recordsPerFile} records, plus the meta file.
   */
  static Path write(Path dir, int recordsPerFile) {
    SplittableRandom random = new SplittableRandom(7);
    try {
      Files.createDirectories(dir);
      for (String name : CifarFiles.TRAIN_FILES) {
        Files.write(dir.resolve(name), records(random, recordsPerFile));
      }
      Files.write(dir.resolve(CifarFiles.TEST_FILE), records(random, recordsPerFile));
      Files.writeString(
          dir.resolve(CifarFiles.META_FILE),
          "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static byte[] records(SplittableRandom random, int count) {
    int recordBytes = 1 + Cifar10.IMAGE_BYTES;
    byte[] out = new byte[count * recordBytes];
    for (int i = 0; i < count; i++) {
      out[i * recordBytes] = (byte) random.nextInt(Cifar10.CLASSES);
      for (int b = 1; b < recordBytes; b++) {
        out[i * recordBytes + b] = (byte) random.nextInt(256);
      }
    }
    return out;
  }
}
