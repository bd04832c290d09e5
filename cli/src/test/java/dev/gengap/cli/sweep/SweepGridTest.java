package dev.gengap.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepGridTest {
  @TempDir Path dir;

  private SweepGrid grid(String text) throws IOException {
    return SweepGrid.read(Files.writeString(dir.resolve("grid.yaml"), text));
  }

  @Test
  void expandsTheCartesianProductFirstAxisSlowest() throws IOException {
    SweepGrid grid =
        grid(
            """
            name: models-by-noise
            base:
              data: {corruption: PARTIAL_LABELS, train_subset: 1000}
              recipe: {max_epochs: 3}
            axes:
              model.kind: [MLP_1X512, MLP_3X512]
              data.corruption_probability: [0, 0.5, 1.0]
            """);

    List<RunSpec> specs = grid.expand();

    assertThat(grid.name()).isEqualTo("models-by-noise");
    assertThat(grid.size()).isEqualTo(6);
    assertThat(specs)
        .extracting(
            spec -> spec.getModel().getKind(), spec -> spec.getData().getCorruptionProbability())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ModelKind.MODEL_KIND_MLP_1X512, 0.0),
            org.assertj.core.groups.Tuple.tuple(ModelKind.MODEL_KIND_MLP_1X512, 0.5),
            org.assertj.core.groups.Tuple.tuple(ModelKind.MODEL_KIND_MLP_1X512, 1.0),
            org.assertj.core.groups.Tuple.tuple(ModelKind.MODEL_KIND_MLP_3X512, 0.0),
            org.assertj.core.groups.Tuple.tuple(ModelKind.MODEL_KIND_MLP_3X512, 0.5),
            org.assertj.core.groups.Tuple.tuple(ModelKind.MODEL_KIND_MLP_3X512, 1.0));
    assertThat(specs)
        .allSatisfy(
            spec -> {
              assertThat(spec.getData().getCorruption())
                  .isEqualTo(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS);
              assertThat(spec.getData().getTrainSubset()).isEqualTo(1000);
              assertThat(spec.getRecipe().getMaxEpochs()).isEqualTo(3);
            });
  }

  @Test
  void runsAreMergedOverTheBaseAndCrossedWithTheAxes() throws IOException {
    SweepGrid grid =
        grid(
            """
            name: table
            base:
              data: {corruption: TRUE_LABELS, seed: 4}
              recipe: {max_epochs: 3}
            runs:
              - {model: {kind: MLP_1X512}, recipe: {weight_decay: 5e-4}}
              - {model: {kind: MLP_3X512}, data: {corruption: RANDOM_LABELS}}
            axes:
              data.train_subset: [100, 200]
            """);

    List<RunSpec> specs = grid.expand();

    assertThat(grid.size()).isEqualTo(4);
    assertThat(specs)
        .extracting(
            spec -> spec.getModel().getKind(),
            spec -> spec.getData().getCorruption(),
            spec -> spec.getData().getTrainSubset(),
            spec -> spec.getRecipe().getWeightDecay())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ModelKind.MODEL_KIND_MLP_1X512,
                CorruptionKind.CORRUPTION_KIND_TRUE_LABELS,
                100,
                5e-4),
            org.assertj.core.groups.Tuple.tuple(
                ModelKind.MODEL_KIND_MLP_1X512,
                CorruptionKind.CORRUPTION_KIND_TRUE_LABELS,
                200,
                5e-4),
            org.assertj.core.groups.Tuple.tuple(
                ModelKind.MODEL_KIND_MLP_3X512,
                CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS,
                100,
                0.0),
            org.assertj.core.groups.Tuple.tuple(
                ModelKind.MODEL_KIND_MLP_3X512,
                CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS,
                200,
                0.0));
    // The base's other fields survive each run's partial mapping.
    assertThat(specs).allSatisfy(spec -> assertThat(spec.getData().getSeed()).isEqualTo(4));
    assertThat(specs).allSatisfy(spec -> assertThat(spec.getRecipe().getMaxEpochs()).isEqualTo(3));
    assertThatThrownBy(() -> grid("name: x\nruns: [3]\n"))
        .hasMessage(dir.resolve("grid.yaml") + ": runs[0]: expected a mapping of fields");
  }

  @Test
  void noAxesIsOneRun() throws IOException {
    SweepGrid grid = grid("name: one\nbase:\n  model: {kind: MLP_1X512}\n");

    assertThat(grid.expand()).hasSize(1);
  }

  @Test
  void axisCreatesMissingParents() throws IOException {
    SweepGrid grid = grid("name: crops\naxes:\n  recipe.random_crop: [false, true]\n");

    assertThat(grid.expand())
        .extracting(spec -> spec.getRecipe().getRandomCrop())
        .containsExactly(false, true);
  }

  @Test
  void unknownAxisFieldIsNamed() throws IOException {
    SweepGrid grid = grid("name: typo\naxes:\n  data.corruptionn: [RANDOM_LABELS]\n");

    assertThatThrownBy(grid::expand)
        .hasMessageStartingWith(dir.resolve("grid.yaml") + ": unknown field 'data.corruptionn'");
  }

  @Test
  void axisMustBeANonEmptyList() {
    assertThatThrownBy(() -> grid("name: bad\naxes:\n  data.seed: 3\n"))
        .hasMessage(
            dir.resolve("grid.yaml") + ": axes.data.seed: expected a non-empty list of values");
  }

  @Test
  void nameIsRequiredAndUnknownTopLevelKeysRejected() {
    assertThatThrownBy(() -> grid("base: {}\n"))
        .hasMessage(dir.resolve("grid.yaml") + ": name: required, the sweep's name");
    assertThatThrownBy(() -> grid("name: x\naxis: {}\n"))
        .hasMessage(
            dir.resolve("grid.yaml")
                + ": unknown field 'axis' (a grid has name, base, runs and axes)");
  }

  @Test
  void gridOverTheSweepLimitIsRejectedBeforeExpanding() throws IOException {
    StringBuilder values = new StringBuilder("[");
    for (int i = 0; i < 101; i++) {
      values.append(i).append(i < 100 ? ", " : "]");
    }
    SweepGrid grid =
        grid(
            "name: big\naxes:\n  data.seed: " + values + "\n  data.train_subset: " + values + "\n");

    assertThat(grid.size()).isEqualTo(10_201);
    assertThatThrownBy(grid::expand).hasMessageContaining("at most 10000");
  }
}
