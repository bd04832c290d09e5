package dev.gengap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import org.junit.jupiter.api.Test;

/** The rules of the interpolating run kinds (Sections 4 and 5) as RunSpecs applies them. */
class InterpolationSpecsTest {
  private static RunSpec spec(ModelSpec.Builder model, int trainSubset) {
    return RunSpec.newBuilder()
        .setData(
            DataSpec.newBuilder()
                .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                .setTrainSubset(trainSubset))
        .setModel(model)
        .build();
  }

  private static ModelSpec.Builder kind(ModelKind kind) {
    return ModelSpec.newBuilder().setKind(kind);
  }

  @Test
  void kernelGetsItsDataSetsGammaAndNoRecipe() {
    RunSpec resolved = RunSpecs.resolve(spec(kind(ModelKind.MODEL_KIND_KERNEL_RBF), 1000));

    assertThat(resolved.getModel().getGamma()).isEqualTo(0.00265);
    assertThat(resolved.getModel().getRidge()).isZero();
    assertThat(resolved.getModel().getBatchNorm()).isFalse();
    assertThat(resolved.getModel().getInitialization())
        .isEqualTo(Initialization.INITIALIZATION_UNSPECIFIED);
    assertThat(resolved.getRecipe()).isEqualTo(TrainingRecipe.getDefaultInstance());
    assertThat(RunSpecs.resolve(resolved)).isEqualTo(resolved);
    assertThat(RunSpecs.displayName(resolved)).isEqualTo("kernel_rbf true_labels seed=0 n=1000");
  }

  @Test
  void gammaMustBePositiveAndRidgeNotNegative() {
    for (double gamma : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(
              () ->
                  RunSpecs.resolve(
                      spec(kind(ModelKind.MODEL_KIND_KERNEL_RBF).setGamma(gamma), 100)))
          .isInstanceOf(InvalidSpecException.class)
          .hasMessageStartingWith("model.gamma: must be > 0");
    }
    assertThatThrownBy(
            () ->
                RunSpecs.resolve(spec(kind(ModelKind.MODEL_KIND_KERNEL_RBF).setRidge(-1e-3), 100)))
        .hasMessage("model.ridge: must be ≥ 0, was -0.001");
    assertThat(
            RunSpecs.resolve(spec(kind(ModelKind.MODEL_KIND_KERNEL_RBF).setRidge(0.1), 100))
                .getModel()
                .getRidge())
        .isEqualTo(0.1);
  }

  @Test
  void gammaAndRidgeBelongToTheKernelOnly() {
    assertThatThrownBy(
            () ->
                RunSpecs.resolve(
                    spec(kind(ModelKind.MODEL_KIND_THEOREM1_RELU).setGamma(0.01), 100)))
        .hasMessage(
            "model.gamma: applies to the Gaussian kernel only, not MODEL_KIND_THEOREM1_RELU");
    assertThatThrownBy(
            () -> RunSpecs.resolve(spec(kind(ModelKind.MODEL_KIND_MLP_1X512).setRidge(1), 100)))
        .hasMessage("model.ridge: applies to the Gaussian kernel only, not MODEL_KIND_MLP_1X512");
  }

  @Test
  void recipeFieldsThatDoNotApplyAreRefusedNamingTheField() {
    RunSpec withMomentum =
        spec(kind(ModelKind.MODEL_KIND_KERNEL_RBF), 100).toBuilder()
            .setRecipe(TrainingRecipe.newBuilder().setMomentum(0.9))
            .build();
    assertThatThrownBy(() -> RunSpecs.resolve(withMomentum))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("recipe.momentum: does not apply to MODEL_KIND_KERNEL_RBF");
    RunSpec linearWithBatches =
        spec(kind(ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES), 100).toBuilder()
            .setRecipe(TrainingRecipe.newBuilder().setBatchSize(32))
            .build();
    assertThatThrownBy(() -> RunSpecs.resolve(linearWithBatches))
        .hasMessage("recipe.batch_size: does not apply to MODEL_KIND_LINEAR_LEAST_SQUARES");
    assertThatThrownBy(
            () ->
                RunSpecs.resolve(
                    spec(
                        kind(ModelKind.MODEL_KIND_THEOREM1_RELU)
                            .setInitialization(Initialization.INITIALIZATION_DJL_DEFAULT),
                        100)))
        .hasMessage("model.initialization: does not apply to MODEL_KIND_THEOREM1_RELU");
  }

  @Test
  void linearModelTakesStepSizeAndEpochsAndNeedsAnUnderDeterminedProblem() {
    RunSpec resolved = RunSpecs.resolve(spec(kind(ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES), 300));
    assertThat(resolved.getRecipe().getLr0()).isEqualTo(1.0);
    assertThat(resolved.getRecipe().getMaxEpochs()).isEqualTo(150);
    assertThat(resolved.getRecipe().hasMomentum()).isFalse();

    RunSpec tooLarge = spec(kind(ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES), 0);
    assertThatThrownBy(
            () ->
                RunSpecs.resolve(
                    tooLarge.toBuilder()
                        .setRecipe(TrainingRecipe.newBuilder().setLr0(2.5))
                        .setData(tooLarge.getData().toBuilder().setTrainSubset(100))
                        .build()))
        .hasMessage("recipe.lr0: must be in (0, 2) for MODEL_KIND_LINEAR_LEAST_SQUARES, was 2.5");
    assertThatThrownBy(() -> RunSpecs.resolve(tooLarge))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "data.train_subset: MODEL_KIND_LINEAR_LEAST_SQUARES needs an under-determined problem,"
                + " at most d = 3072 examples of cifar10, was 50000 (0 = all)");
  }

  @Test
  void aCifarOnlyModelIsRefusedOnAnotherDataSetNamingTheField() {
    RunSpec mlpOnMnist =
        RunSpec.newBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setDataset("mnist")
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
            .setModel(kind(ModelKind.MODEL_KIND_ALEXNET_SMALL))
            .build();
    assertThatThrownBy(() -> RunSpecs.resolve(mlpOnMnist))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("data.dataset: MODEL_KIND_ALEXNET_SMALL takes cifar10, not \"mnist\"");
    // The kernel takes MNIST, with MNIST's own default width.
    RunSpec kernelOnMnist =
        mlpOnMnist.toBuilder().setModel(kind(ModelKind.MODEL_KIND_KERNEL_RBF)).build();
    assertThat(RunSpecs.resolve(kernelOnMnist).getModel().getGamma()).isEqualTo(0.00948);
  }

  @Test
  void interpolatingKindsTakeEveryDataSetAndCountTheirParametersFromTheData() {
    for (ModelKind kind :
        new ModelKind[] {
          ModelKind.MODEL_KIND_KERNEL_RBF,
          ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES,
          ModelKind.MODEL_KIND_THEOREM1_RELU
        }) {
      ModelRules rules = ModelRules.of(kind);
      assertThat(rules.interpolates()).isTrue();
      assertThat(rules.hasBatchNorm()).isFalse();
      assertThat(rules.datasets()).containsExactlyInAnyOrder("cifar10", "mnist", "fashion-mnist");
    }
    assertThat(ModelRules.of(ModelKind.MODEL_KIND_KERNEL_RBF).parameters().of(1000, 3072))
        .as("α: n × 10")
        .isEqualTo(10_000);
    assertThat(ModelRules.of(ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES).parameters().of(300, 3072))
        .as("W: d × 10")
        .isEqualTo(30_720);
    assertThat(ModelRules.of(ModelKind.MODEL_KIND_THEOREM1_RELU).parameters().of(10_000, 3072))
        .as("Theorem 1: 2n + d")
        .isEqualTo(23_072);
    assertThat(ModelRules.of(ModelKind.MODEL_KIND_MLP_1X512).interpolates()).isFalse();
  }
}
