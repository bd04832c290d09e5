package dev.gengap.dataset.testdata;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small MNIST-format data sets (the four IDX files, gzipped as published or not) for this
 * module's tests and, through its test-jar, for the other modules' tests. JDK only: an independent
 * statement of the format {@code IdxFiles} reads.
 */
public final class SyntheticIdx {
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  private static final int SIDE = 28;
  private static final int PIXELS = SIDE * SIDE;
  private static final int CLASSES = 10;

  private SyntheticIdx() {}

  /**
   * Images an MLP learns in a few epochs: class c is a bright band of rows 4 + 2c and 5 + 2c over
   * dim noise (a band survives per-image whitening). Image 0 of each split is a "position image"
   * whose pixel q has value q mod 251, so a permutation can be read back.
   *
   * @param gzip write {@code name.gz} files, as published; else the unzipped {@code name}
   */
  public static Path writeBands(Path dir, int trainSize, int testSize, long seed, boolean gzip) {
    SplittableRandom random = new SplittableRandom(seed);
    try {
      Files.createDirectories(dir);
      writeSplit(dir, TRAIN_IMAGES, TRAIN_LABELS, trainSize, random, gzip);
      writeSplit(dir, TEST_IMAGES, TEST_LABELS, testSize, random, gzip);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** The value of pixel q of a position image. */
  public static int positionValue(int q) {
    return q % 251;
  }

  private static void writeSplit(
      Path dir,
      String imagesName,
      String labelsName,
      int size,
      SplittableRandom random,
      boolean gzip)
      throws IOException {
    byte[] labels = new byte[size];
    byte[] images = new byte[size * PIXELS];
    for (int i = 0; i < size; i++) {
      int label = random.nextInt(CLASSES);
      labels[i] = (byte) label;
      for (int q = 0; q < PIXELS; q++) {
        int row = q / SIDE;
        boolean band = row == 4 + 2 * label || row == 5 + 2 * label;
        int value = i == 0 ? positionValue(q) : (band ? 170 : 20) + random.nextInt(60);
        images[i * PIXELS + q] = (byte) value;
      }
    }
    try (DataOutputStream out = open(dir, imagesName, gzip)) {
      out.writeInt(0x0803);
      out.writeInt(size);
      out.writeInt(SIDE);
      out.writeInt(SIDE);
      out.write(images);
    }
    try (DataOutputStream out = open(dir, labelsName, gzip)) {
      out.writeInt(0x0801);
      out.writeInt(size);
      out.write(labels);
    }
  }

  private static DataOutputStream open(Path dir, String name, boolean gzip) throws IOException {
    OutputStream file =
        new BufferedOutputStream(Files.newOutputStream(dir.resolve(gzip ? name + ".gz" : name)));
    return new DataOutputStream(gzip ? new GZIPOutputStream(file) : file);
  }
}
