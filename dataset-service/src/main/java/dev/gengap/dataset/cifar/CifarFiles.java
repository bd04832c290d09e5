package dev.gengap.dataset.cifar;

import dev.gengap.cifar.archive.CifarArchive;
import dev.gengap.dataset.source.DataFileException;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.source.ImageShape;
import dev.gengap.spec.Datasets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10 in the official binary format and refuses anything else: every file must be
 * present with the exact size and every label in 0..9.
 */
public final class CifarFiles {
  /** Records per file in the official data set. */
  public static final int OFFICIAL_RECORDS_PER_FILE = 10_000;

  public static final List<String> TRAIN_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");
  public static final String TEST_FILE = "test_batch.bin";
  public static final String META_FILE = "batches.meta.txt";

  private static final ImageShape SHAPE = ImageShape.CIFAR10;
  private static final int RECORD_BYTES = 1 + SHAPE.imageBytes();

  private final int recordsPerFile;

  /** {@code recordsPerFile} is 10,000 for CIFAR-10; tests write smaller files. */
  public CifarFiles(int recordsPerFile) {
    this.recordsPerFile = recordsPerFile;
  }

  /** Every file the loader reads: those of the official archive. */
  public static List<String> allFiles() {
    return CifarArchive.FILES;
  }

  /** Whether every file exists (not whether it is valid). */
  public static boolean allPresent(Path dir) {
    return CifarArchive.missingFiles(dir).isEmpty();
  }

  /** Loads and checks the whole data set; throws {@link DataFileException} naming the fault. */
  public ImageSet load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DataFileException(dir + ": data directory does not exist");
    }
    List<String> classNames = readClassNames(dir.resolve(META_FILE));
    int perFile = recordsPerFile;
    byte[] trainImages = new byte[TRAIN_FILES.size() * perFile * SHAPE.imageBytes()];
    byte[] trainLabels = new byte[TRAIN_FILES.size() * perFile];
    for (int f = 0; f < TRAIN_FILES.size(); f++) {
      readBatch(dir.resolve(TRAIN_FILES.get(f)), trainImages, trainLabels, f * perFile);
    }
    byte[] testImages = new byte[perFile * SHAPE.imageBytes()];
    byte[] testLabels = new byte[perFile];
    readBatch(dir.resolve(TEST_FILE), testImages, testLabels, 0);
    return ImageSet.of(
        Datasets.CIFAR10, SHAPE, trainImages, trainLabels, testImages, testLabels, classNames);
  }

  private void readBatch(Path file, byte[] images, byte[] labels, int firstRecord) {
    long expected = (long) recordsPerFile * RECORD_BYTES;
    long size = sizeOf(file);
    if (size != expected) {
      throw new DataFileException(
          file
              + ": size is "
              + size
              + " bytes, expected "
              + expected
              + " ("
              + recordsPerFile
              + " records of "
              + RECORD_BYTES
              + " bytes)");
    }
    byte[] record = new byte[RECORD_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r = 0; r < recordsPerFile; r++) {
        if (in.readNBytes(record, 0, RECORD_BYTES) != RECORD_BYTES) {
          throw new DataFileException(file + ": truncated at record " + r);
        }
        int label = record[0] & 0xFF;
        if (label >= ImageSet.CLASSES) {
          throw new DataFileException(
              file + ": record " + r + " has label " + label + ", expected 0..9");
        }
        labels[firstRecord + r] = (byte) label;
        System.arraycopy(
            record, 1, images, (firstRecord + r) * SHAPE.imageBytes(), SHAPE.imageBytes());
      }
    } catch (IOException e) {
      throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static List<String> readClassNames(Path file) {
    sizeOf(file);
    List<String> names;
    try {
      names =
          Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (names.size() != ImageSet.CLASSES) {
      throw new DataFileException(
          file + ": expected " + ImageSet.CLASSES + " class names, found " + names.size());
    }
    return names;
  }

  private static long sizeOf(Path file) {
    if (!Files.exists(file)) {
      throw new DataFileException(file + ": missing");
    }
    if (!Files.isRegularFile(file)) {
      throw new DataFileException(file + ": not a regular file");
    }
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new DataFileException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
