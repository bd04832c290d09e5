package dev.gengap.dataset.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gengap.dataset.source.DataFileException;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.testdata.FileDamage;
import dev.gengap.dataset.testdata.SyntheticCifar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged data files, as a bad download or a bad disk makes them: the reader either loads data of
 * the right shape or refuses with a {@link DataFileException} naming the file, never anything else.
 */
class CifarFilesPropertyTest {
  private static final int RECORDS = 20;
  private static final int RECORD_BYTES = 1 + 3 * 32 * 32;
  private static Path pristine;

  /** One way to damage one of the seven files. */
  record Damage(String file, FileDamage damage) {}

  @BeforeContainer
  static void writePristineFiles() throws IOException {
    pristine = Files.createTempDirectory("cifar-pristine");
    SyntheticCifar.writeFixture(pristine, RECORDS);
  }

  @AfterContainer
  static void deletePristineFiles() {
    FileDamage.delete(pristine);
  }

  @Property(tries = 150)
  void damagedFilesLoadCorrectlyOrAreRefusedNamingTheFile(@ForAll("damages") Damage damage)
      throws IOException {
    Path dir = Files.createTempDirectory("cifar-damaged");
    try {
      FileDamage.copy(pristine, dir);
      Path file = dir.resolve(damage.file());
      damage.damage().apply(file, RECORD_BYTES);

      Throwable error = catchThrowable(() -> check(new CifarFiles(RECORDS).load(dir)));

      if (error != null) {
        assertThat(error).isInstanceOf(DataFileException.class);
        assertThat(error.getMessage()).contains(damage.file());
      }
    } finally {
      FileDamage.delete(dir);
    }
  }

  @Provide
  Arbitrary<Damage> damages() {
    return net.jqwik.api.Combinators.combine(
            Arbitraries.of(CifarFiles.allFiles()),
            Arbitraries.of(FileDamage.Kind.class),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(0, 7))
        .as((file, kind, where, bit) -> new Damage(file, new FileDamage(kind, where, bit)));
  }

  private static void check(ImageSet data) {
    assertThat(data.trainSize()).isEqualTo(5 * RECORDS);
    assertThat(data.testSize()).isEqualTo(RECORDS);
  }
}
