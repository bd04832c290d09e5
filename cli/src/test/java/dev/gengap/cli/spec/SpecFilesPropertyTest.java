package dev.gengap.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile spec files: random text, mutations of a valid spec, deep nesting, alias bombs and huge
 * files. Each is read into a spec or refused with a {@link SpecFileException} naming the file;
 * never a stack overflow, an out-of-memory error or any other exception.
 */
class SpecFilesPropertyTest {
  private static final String VALID =
      """
      data: {seed: 1, corruption: PARTIAL_LABELS, corruption_probability: 0.2, train_subset: 1000}
      model: {kind: MLP_1X512}
      recipe: {max_epochs: 5, lr0: 0.01}
      engine: MXNET
      """;

  @Property(tries = 300)
  void randomTextIsReadOrRefusedNamingTheFile(@ForAll("yamlish") String text) throws IOException {
    assertReadOrRefused(text);
  }

  @Property(tries = 300)
  void mutatedValidSpecIsReadOrRefusedNamingTheFile(
      @ForAll @IntRange(min = 0, max = 200) int position,
      @ForAll("yamlish") String insertion,
      @ForAll @IntRange(min = 0, max = 20) int deleted)
      throws IOException {
    int at = Math.min(position, VALID.length());
    String mutated =
        VALID.substring(0, at)
            + insertion
            + VALID.substring(Math.min(VALID.length(), at + deleted));
    assertReadOrRefused(mutated);
  }

  @Property(tries = 10)
  void deepNestingIsRefused(@ForAll @IntRange(min = 60, max = 20_000) int depth)
      throws IOException {
    assertRefused("data: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
    assertRefused("data:\n" + "  a:\n".repeat(Math.min(depth, 5_000)));
  }

  @Example
  void aliasBombIsRefused() throws IOException {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char previous = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(("*" + previous + ", ").repeat(9)).append('*').append(previous).append("]\n");
    }
    bomb.append("data: *k\n");
    assertRefused(bomb.toString());
  }

  @Example
  void hugeFileIsRefused() throws IOException {
    assertRefused("data: {seed: 1}\nlabel: \"" + "x".repeat(4 * 1024 * 1024) + "\"\n");
  }

  @Provide
  Arbitrary<String> yamlish() {
    return Arbitraries.strings()
        .withChars("{}[]:,-&*!|>'\"#%@`?\n\t ")
        .withCharRange('a', 'z')
        .withChars("0123456789._")
        .ofMaxLength(120);
  }

  private static void assertReadOrRefused(String text) throws IOException {
    Path file = write(text);
    try {
      Throwable error = catchThrowable(() -> SpecFiles.readRunSpec(file));
      if (error != null) {
        assertThat(error).isInstanceOf(SpecFileException.class);
        assertThat(error.getMessage()).contains(file.toString());
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void assertRefused(String text) throws IOException {
    Path file = write(text);
    try {
      Throwable error = catchThrowable(() -> SpecFiles.readRunSpec(file));
      assertThat(error).isInstanceOf(SpecFileException.class);
      assertThat(error.getMessage()).contains(file.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static Path write(String text) throws IOException {
    Path file = Files.createTempFile("spec", ".yaml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
