package dev.gengap.evaluator.testing;

import dev.gengap.dataset.cifar.CifarFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small CIFAR-10 binary data set of structureless images: uniform pixels and uniform
 * labels, so a network can fit the training split only by memorizing it and the test split stays at
 * chance.
 */
public final class SyntheticCifar {
  private static final int IMAGE_BYTES = 3 * 32 * 32;

  private SyntheticCifar() {}

  /** Five training files and one test file of {@code recordsPerFile} records each. */
  public static Path write(Path dir, int recordsPerFile, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
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
    byte[] out = new byte[count * (1 + IMAGE_BYTES)];
    for (int i = 0; i < count; i++) {
      int base = i * (1 + IMAGE_BYTES);
      out[base] = (byte) random.nextInt(10);
      for (int b = 1; b <= IMAGE_BYTES; b++) {
        out[base + b] = (byte) random.nextInt(256);
      }
    }
    return out;
  }
}
