package dev.gengap.dataset.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gengap.dataset.source.DataFileException;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.testdata.FileDamage;
import dev.gengap.dataset.testdata.SyntheticIdx;
import dev.gengap.spec.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged IDX files, gzipped or not, as a bad download or a bad disk makes them: the reader either
 * loads data of the right shape or refuses with a {@link DataFileException} naming the file, never
 * anything else.
 */
class IdxFilesPropertyTest {
  private static final int TRAIN = 30;
  private static final int TEST = 10;
  private static Path gzipped;
  private static Path plain;

  /** One way to damage one of the four files. */
  record Damage(boolean gzip, String file, FileDamage damage) {
    String fileName() {
      return gzip ? file + ".gz" : file;
    }
  }

  @BeforeContainer
  static void writePristineFiles() throws IOException {
    gzipped = SyntheticIdx.writeBands(Files.createTempDirectory("idx-gz"), TRAIN, TEST, 3, true);
    plain = SyntheticIdx.writeBands(Files.createTempDirectory("idx"), TRAIN, TEST, 3, false);
  }

  @AfterContainer
  static void deletePristineFiles() {
    FileDamage.delete(gzipped);
    FileDamage.delete(plain);
  }

  @Property(tries = 200)
  void damagedFilesLoadCorrectlyOrAreRefusedNamingTheFile(@ForAll("damages") Damage damage)
      throws IOException {
    Path dir = Files.createTempDirectory("idx-damaged");
    try {
      FileDamage.copy(damage.gzip() ? gzipped : plain, dir);
      damage.damage().apply(dir.resolve(damage.fileName()), 97);

      Throwable error =
          catchThrowable(() -> check(new IdxFiles(Datasets.MNIST, TRAIN, TEST).load(dir)));

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
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of(
                List.of(
                    SyntheticIdx.TRAIN_IMAGES,
                    SyntheticIdx.TRAIN_LABELS,
                    SyntheticIdx.TEST_IMAGES,
                    SyntheticIdx.TEST_LABELS)),
            Arbitraries.of(FileDamage.Kind.class),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(0, 7))
        .as(
            (gzip, file, kind, where, bit) ->
                new Damage(gzip, file, new FileDamage(kind, where, bit)));
  }

  private static void check(ImageSet data) {
    assertThat(data.trainImages()).hasSize(TRAIN * 784);
    assertThat(data.testImages()).hasSize(TEST * 784);
    for (byte label : data.trainLabels()) {
      assertThat(label & 0xFF).isLessThan(10);
    }
  }
}
