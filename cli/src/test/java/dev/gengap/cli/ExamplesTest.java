package dev.gengap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.cli.spec.SpecFiles;
import dev.gengap.cli.sweep.SweepGrid;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files under examples/ that docs/cli.md shows must stay valid. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void runSpecExamplesParse() {
    RunSpec random = SpecFiles.readRunSpec(EXAMPLES.resolve("mlp-random-labels.yaml"));
    RunSpec trueLabels = SpecFiles.readRunSpec(EXAMPLES.resolve("mlp-true-labels.json"));

    assertThat(random.getData().getCorruption())
        .isEqualTo(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS);
    assertThat(random.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_MLP_1X512);
    assertThat(trueLabels.getData().getTrainSubset()).isEqualTo(10000);
  }

  @Test
  void labelCorruptionSweepIsSixMlpRunsFromZeroToOne() {
    List<RunSpec> specs = SweepGrid.read(EXAMPLES.resolve("label-corruption-sweep.yaml")).expand();

    assertThat(specs)
        .extracting(spec -> spec.getData().getCorruptionProbability())
        .containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
    assertThat(specs)
        .allSatisfy(
            spec ->
                assertThat(spec.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_MLP_1X512));
  }

  @Test
  void figure1aSweepCoversTheFiveCorruptions() {
    assertThat(SweepGrid.read(EXAMPLES.resolve("figure1a-corruptions.yaml")).expand()).hasSize(5);
  }
}
