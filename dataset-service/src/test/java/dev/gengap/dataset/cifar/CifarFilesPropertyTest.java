package dev.gengap.dataset.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gengap.dataset.testdata.SyntheticCifar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged data files, as a bad download or a bad disk makes them: the reader either loads data of
 * the right shape or refuses with a {@link CifarDataException} naming the file, never anything
 * else.
 */
class CifarFilesPropertyTest {
  private static final int RECORDS = 20;
  private static final int RECORD_BYTES = 1 + 3 * 32 * 32;
  private static Path pristine;

  /** One way to damage one of the seven files. */
  record Damage(String file, Kind kind, double where, int bit) {
    enum Kind {
      TRUNCATE,
      FLIP_BIT,
      APPEND,
      DELETE,
      EMPTY
    }
  }

  @BeforeContainer
  static void writePristineFiles() throws IOException {
    pristine = Files.createTempDirectory("cifar-pristine");
    SyntheticCifar.writeFixture(pristine, RECORDS);
  }

  @AfterContainer
  static void deletePristineFiles() {
    delete(pristine);
  }

  @Property(tries = 150)
  void damagedFilesLoadCorrectlyOrAreRefusedNamingTheFile(@ForAll("damages") Damage damage)
      throws IOException {
    Path dir = Files.createTempDirectory("cifar-damaged");
    try {
      copy(pristine, dir);
      Path file = dir.resolve(damage.file());
      apply(damage, file);

      Throwable error = catchThrowable(() -> check(new CifarFiles(RECORDS).load(dir)));

      if (error != null) {
        assertThat(error).isInstanceOf(CifarDataException.class);
        assertThat(error.getMessage()).contains(damage.file());
      }
    } finally {
      delete(dir);
    }
  }

  @Provide
  Arbitrary<Damage> damages() {
    return net.jqwik.api.Combinators.combine(
            Arbitraries.of(CifarFiles.allFiles()),
            Arbitraries.of(Damage.Kind.class),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(0, 7))
        .as(Damage::new);
  }

  private static void check(Cifar10 data) {
    assertThat(data.trainSize()).isEqualTo(5 * RECORDS);
    assertThat(data.testSize()).isEqualTo(RECORDS);
  }

  private static void apply(Damage damage, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int at = (int) Math.min(bytes.length - 1, Math.floor(damage.where() * bytes.length));
    switch (damage.kind()) {
      case TRUNCATE -> Files.write(file, java.util.Arrays.copyOf(bytes, at));
      case FLIP_BIT -> {
        bytes[at] ^= (byte) (1 << damage.bit());
        Files.write(file, bytes);
      }
      case APPEND -> {
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1 + at % RECORD_BYTES);
        Files.write(file, longer);
      }
      case DELETE -> Files.delete(file);
      case EMPTY -> Files.write(file, new byte[0]);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
