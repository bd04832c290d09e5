package dev.gengap.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.cli.ExitCode;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFilesTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsYamlWithProtoFieldNamesAndShortEnumNames() throws IOException {
    Path file =
        write(
            "spec.yaml",
            """
            data:
              seed: 18446744073709551615
              corruption: PARTIAL_LABELS
              corruption_probability: 0.4
              train_subset: 10000
            model:
              kind: mlp_1x512
            recipe:
              lr0: 0.01
              max_epochs: 60
              random_crop: false
            engine: ENGINE_PYTORCH
            label: p=0.4
            """);

    RunSpec spec = SpecFiles.readRunSpec(file);

    assertThat(spec.getData().getSeed()).isEqualTo(-1L); // uint64 max, unrounded
    assertThat(spec.getData().getCorruption())
        .isEqualTo(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS);
    assertThat(spec.getData().getCorruptionProbability()).isEqualTo(0.4);
    assertThat(spec.getData().getTrainSubset()).isEqualTo(10000);
    assertThat(spec.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_MLP_1X512);
    assertThat(spec.getRecipe().hasLr0()).isTrue();
    assertThat(spec.getRecipe().getLr0()).isEqualTo(0.01);
    assertThat(spec.getRecipe().getMaxEpochs()).isEqualTo(60);
    assertThat(spec.getEngine()).isEqualTo(Engine.ENGINE_PYTORCH);
    assertThat(spec.getLabel()).isEqualTo("p=0.4");
  }

  @Test
  void readsJsonWithProtoJsonNames() throws IOException {
    Path file =
        write(
            "spec.json",
            """
            {"data": {"corruption": "CORRUPTION_KIND_RANDOM_LABELS", "trainSubset": 500},
             "model": {"kind": "MODEL_KIND_INCEPTION_SMALL", "batch_norm": false},
             "recipe": {"weight_decay": 5e-4, "batchSize": 64}}
            """);

    RunSpec spec = SpecFiles.readRunSpec(file);

    assertThat(spec.getData().getCorruption())
        .isEqualTo(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS);
    assertThat(spec.getData().getTrainSubset()).isEqualTo(500);
    assertThat(spec.getModel().hasBatchNorm()).isTrue();
    assertThat(spec.getModel().getBatchNorm()).isFalse();
    assertThat(spec.getRecipe().getWeightDecay()).isEqualTo(5e-4);
    assertThat(spec.getRecipe().getBatchSize()).isEqualTo(64);
  }

  @Test
  void unknownFieldIsNamedWithItsPathAndTheFile() throws IOException {
    Path file = write("spec.yaml", "data:\n  corruptionn: RANDOM_LABELS\n");

    assertThatThrownBy(() -> SpecFiles.readRunSpec(file))
        .isInstanceOf(SpecFileException.class)
        .hasMessageStartingWith(file + ": unknown field 'data.corruptionn'")
        .hasMessageContaining("corruption_probability")
        .satisfies(e -> assertThat(((SpecFileException) e).exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @Test
  void typeErrorNamesTheFieldAndTheFile() throws IOException {
    Path file = write("spec.yaml", "recipe:\n  max_epochs: many\n");

    assertThatThrownBy(() -> SpecFiles.readRunSpec(file))
        .hasMessageStartingWith(file + ": recipe.max_epochs: ")
        .hasMessageContaining("many");
  }

  @Test
  void fractionForAnIntegerFieldIsATypeError() throws IOException {
    Path file = write("spec.yaml", "data:\n  train_subset: 0.5\n");

    assertThatThrownBy(() -> SpecFiles.readRunSpec(file))
        .hasMessageStartingWith(file + ": data.train_subset: ");
  }

  @Test
  void unknownEnumValueListsTheChoices() throws IOException {
    Path file = write("spec.yaml", "model:\n  kind: MLP_2X512\n");

    assertThatThrownBy(() -> SpecFiles.readRunSpec(file))
        .hasMessage(
            file
                + ": model.kind: 'MLP_2X512' is not one of MLP_1X512, MLP_3X512, INCEPTION_SMALL,"
                + " ALEXNET_SMALL, KERNEL_RBF, LINEAR_LEAST_SQUARES, THEOREM1_RELU");
  }

  @Test
  void scalarWhereAMessageBelongsIsAnError() throws IOException {
    Path file = write("spec.yaml", "data: cifar10\n");

    assertThatThrownBy(() -> SpecFiles.readRunSpec(file))
        .hasMessage(file + ": data: expected a mapping of fields, got 'cifar10'");
  }

  @Test
  void brokenSyntaxGivesTheLine() throws IOException {
    Path file = write("spec.json", "{\"data\": {\"seed\": 1,\n  \"model\"\n");

    assertThatThrownBy(() -> SpecFiles.readRunSpec(file))
        .hasMessageStartingWith(file + ": not valid YAML or JSON: ")
        .hasMessageContaining("line ");
  }

  @Test
  void missingFileSaysSo() {
    Path file = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> SpecFiles.readRunSpec(file)).hasMessage(file + ": no such file");
  }

  @Test
  void topLevelListIsRejected() throws IOException {
    Path file = write("spec.yaml", "- 1\n- 2\n");

    assertThatThrownBy(() -> SpecFiles.readRunSpec(file))
        .hasMessage(file + ": expected a mapping of fields at the top level");
  }
}
