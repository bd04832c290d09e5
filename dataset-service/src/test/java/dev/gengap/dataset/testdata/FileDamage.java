package dev.gengap.dataset.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One way to damage one data file, as a bad download or a bad disk does, for the readers' property
 * tests; and the directory copies those tests damage.
 *
 * @param where the position of the damage as a fraction of the file's length
 * @param bit the bit a FLIP_BIT flips
 */
public record FileDamage(Kind kind, double where, int bit) {
  public enum Kind {
    TRUNCATE,
    FLIP_BIT,
    APPEND,
    DELETE,
    EMPTY
  }

  /** Damages {@code file}; APPEND adds 1 to {@code appendUpTo} zero bytes. */
  public void apply(Path file, int appendUpTo) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int at = (int) Math.min(bytes.length - 1, Math.floor(where * bytes.length));
    switch (kind) {
      case TRUNCATE -> Files.write(file, Arrays.copyOf(bytes, at));
      case FLIP_BIT -> {
        bytes[at] ^= (byte) (1 << bit);
        Files.write(file, bytes);
      }
      case APPEND -> Files.write(file, Arrays.copyOf(bytes, bytes.length + 1 + at % appendUpTo));
      case DELETE -> Files.delete(file);
      case EMPTY -> Files.write(file, new byte[0]);
    }
  }

  /** Copies the files of {@code from} (flat) into {@code to}. */
  public static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  /** Deletes {@code dir} and everything in it. */
  public static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
