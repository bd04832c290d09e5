package dev.gengap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.cli.spec.SpecFiles;
import dev.gengap.cli.sweep.SweepGrid;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.spec.RunSpecs;
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
  void table1SweepQueuesEveryRowOfThePapersTable() {
    List<RunSpec> specs = SweepGrid.read(EXAMPLES.resolve("table1.yaml")).expand();

    assertThat(specs).hasSize(19);
    assertThat(specs.get(0).getRecipe().getRandomCrop()).isTrue();
    assertThat(specs.get(0).getRecipe().getWeightDecay()).isEqualTo(5e-4);
    assertThat(specs.get(0).getRecipe().getTestEveryEpochs()).as("from the base").isEqualTo(1);
    assertThat(specs.get(0).getData().getSeed()).isEqualTo(1);
    assertThat(specs.get(5).getModel().hasBatchNorm()).isTrue();
    assertThat(specs.get(5).getModel().getBatchNorm()).isFalse();
    assertThat(specs)
        .filteredOn(
            s -> s.getData().getCorruption() == CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
        .hasSize(5);
  }

  @Test
  void table4SweepIsRandomLabelsWithARegularizerEach() {
    List<RunSpec> specs = SweepGrid.read(EXAMPLES.resolve("table4.yaml")).expand();

    assertThat(specs).hasSize(9);
    assertThat(specs)
        .allSatisfy(
            s -> {
              assertThat(s.getData().getCorruption())
                  .isEqualTo(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS);
              var r = s.getRecipe();
              assertThat(r.getWeightDecay() > 0 || r.getRandomCrop() || r.getDropout() > 0)
                  .isTrue();
            });
  }

  @Test
  void section5ExamplesAreValidInterpolatingRuns() {
    RunSpec kernel = RunSpecs.resolve(SpecFiles.readRunSpec(EXAMPLES.resolve("kernel-rbf.yaml")));
    RunSpec linear =
        RunSpecs.resolve(SpecFiles.readRunSpec(EXAMPLES.resolve("linear-sgd-min-norm.yaml")));
    RunSpec theorem1 =
        RunSpecs.resolve(SpecFiles.readRunSpec(EXAMPLES.resolve("theorem1-random-labels.yaml")));

    assertThat(kernel.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_KERNEL_RBF);
    assertThat(kernel.getModel().getGamma()).as("the data set's default").isEqualTo(0.00265);
    assertThat(linear.getRecipe().getMaxEpochs()).isEqualTo(3000);
    assertThat(linear.getData().getTrainSubset()).isEqualTo(300);
    assertThat(theorem1.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_THEOREM1_RELU);
    assertThat(theorem1.getData().getCorruption())
        .isEqualTo(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS);
  }

  @Test
  void figure1aSweepCoversTheFiveCorruptions() {
    assertThat(SweepGrid.read(EXAMPLES.resolve("figure1a-corruptions.yaml")).expand()).hasSize(5);
  }
}
