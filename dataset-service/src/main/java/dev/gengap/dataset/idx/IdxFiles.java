package dev.gengap.dataset.idx;

import dev.gengap.cifar.archive.IdxArchive;
import dev.gengap.dataset.source.DataFileException;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.source.ImageShape;
import dev.gengap.spec.Datasets;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an MNIST-format data set (MNIST, Fashion-MNIST) from its four IDX files ({@link
 * IdxArchive#FILES}), each gzipped as published ({@code train-images-idx3-ubyte.gz}) or not ({@code
 * train-images-idx3-ubyte}; told apart by content, not by name), and refuses anything else: the
 * magic numbers, the counts, the 28×28 dimensions, every label in 0..9 and the exact length are
 * checked.
 */
public final class IdxFiles {
  static final int IMAGES_MAGIC = 0x0803; // unsigned byte, 3 dimensions
  static final int LABELS_MAGIC = 0x0801; // unsigned byte, 1 dimension

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  /** IDX files carry no class names; these are the data sets' published ones, index = label. */
  private static final Map<String, List<String>> CLASS_NAMES =
      Map.of(
          Datasets.MNIST,
          List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
          Datasets.FASHION_MNIST,
          List.of(
              "T-shirt/top",
              "Trouser",
              "Pullover",
              "Dress",
              "Coat",
              "Sandal",
              "Shirt",
              "Sneaker",
              "Bag",
              "Ankle boot"));

  private final Datasets.Dataset dataset;
  private final ImageShape shape;
  private final int trainSize;
  private final int testSize;

  /**
   * A reader for {@code dataset} (an MNIST-format one) expecting {@code trainSize} and {@code
   * testSize} examples: the official 60,000 and 10,000, or fewer in tests.
   */
  public IdxFiles(String dataset, int trainSize, int testSize) {
    if (!CLASS_NAMES.containsKey(dataset)) {
      throw new IllegalArgumentException(dataset + " is not an MNIST-format data set");
    }
    this.dataset = Datasets.of(dataset);
    this.shape = ImageShape.of(this.dataset);
    this.trainSize = trainSize;
    this.testSize = testSize;
  }

  /** A reader of the official files of {@code dataset}. */
  public static IdxFiles official(String dataset) {
    Datasets.Dataset d = Datasets.of(dataset);
    return new IdxFiles(dataset, d.trainSize(), d.testSize());
  }

  /** Whether each of the four files exists, gzipped or not (not whether it is valid). */
  public static boolean allPresent(Path dir) {
    return IdxArchive.missingFiles(dir).isEmpty();
  }

  /** Loads and checks the whole data set; throws {@link DataFileException} naming the fault. */
  public ImageSet load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DataFileException(dir + ": data directory does not exist");
    }
    byte[] trainImages = readImages(file(dir, IdxArchive.TRAIN_IMAGES), trainSize);
    byte[] trainLabels = readLabels(file(dir, IdxArchive.TRAIN_LABELS), trainSize);
    byte[] testImages = readImages(file(dir, IdxArchive.TEST_IMAGES), testSize);
    byte[] testLabels = readLabels(file(dir, IdxArchive.TEST_LABELS), testSize);
    return ImageSet.of(
        dataset.name(),
        shape,
        trainImages,
        trainLabels,
        testImages,
        testLabels,
        CLASS_NAMES.get(dataset.name()));
  }

  private byte[] readImages(Path file, int count) {
    return read(
        file,
        in -> {
          header(file, in, IMAGES_MAGIC, count);
          int rows = in.readInt();
          int columns = in.readInt();
          if (rows != shape.side() || columns != shape.side()) {
            throw new DataFileException(
                file
                    + ": images are "
                    + rows
                    + "×"
                    + columns
                    + ", expected "
                    + shape.side()
                    + "×"
                    + shape.side());
          }
          return body(file, in, count * shape.imageBytes());
        });
  }

  private byte[] readLabels(Path file, int count) {
    return read(
        file,
        in -> {
          header(file, in, LABELS_MAGIC, count);
          byte[] labels = body(file, in, count);
          for (int i = 0; i < count; i++) {
            if ((labels[i] & 0xFF) >= ImageSet.CLASSES) {
              throw new DataFileException(
                  file + ": label " + i + " is " + (labels[i] & 0xFF) + ", expected 0..9");
            }
          }
          return labels;
        });
  }

  private static void header(Path file, DataInputStream in, int magic, int count)
      throws IOException {
    int actualMagic = in.readInt();
    if (actualMagic != magic) {
      throw new DataFileException(
          file
              + ": magic number is 0x"
              + Integer.toHexString(actualMagic)
              + ", expected 0x"
              + Integer.toHexString(magic)
              + " (not an IDX file of unsigned bytes with the expected dimensions)");
    }
    int actualCount = in.readInt();
    if (actualCount != count) {
      throw new DataFileException(
          file + ": holds " + Integer.toUnsignedString(actualCount) + " items, expected " + count);
    }
  }

  /** Exactly {@code length} bytes, then the end of the file. */
  private static byte[] body(Path file, DataInputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new DataFileException(
          file + ": truncated: " + bytes.length + " of " + length + " data bytes");
    }
    if (in.read() != -1) {
      throw new DataFileException(file + ": trailing bytes after " + length + " data bytes");
    }
    return bytes;
  }

  private interface Reader {
    byte[] read(DataInputStream in) throws IOException;
  }

  /** Opens {@code file}, gunzipping it when it starts with gzip's magic bytes. */
  private static byte[] read(Path file, Reader reader) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gzipped = raw.read() == GZIP_MAGIC_1 && raw.read() == GZIP_MAGIC_2;
      raw.reset();
      InputStream content = gzipped ? new GZIPInputStream(raw, 1 << 16) : raw;
      return reader.read(new DataInputStream(content));
    } catch (EOFException e) {
      throw new DataFileException(file + ": truncated (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      // A damaged gzip stream (ZipException, EOFException inside the inflater) lands here too.
      throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Path file(Path dir, String publishedName) {
    return IdxArchive.find(dir, publishedName)
        .orElseThrow(
            () ->
                new DataFileException(
                    dir.resolve(publishedName) + ": missing (the file unzipped would do too)"));
  }
}
