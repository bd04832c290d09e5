package dev.gengap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.proto.v1.WeightDecayScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSpecsTest {
  static RunSpec minimal(ModelKind model, CorruptionKind corruption) {
    return RunSpec.newBuilder()
        .setData(DataSpec.newBuilder().setCorruption(corruption))
        .setModel(ModelSpec.newBuilder().setKind(model))
        .build();
  }

  @Test
  void resolveFillsThePapersDefaults() {
    RunSpec resolved =
        RunSpecs.resolve(
            minimal(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS));

    assertThat(resolved.getData().getDataset()).isEqualTo("cifar10");
    assertThat(resolved.getData().getCorruptionProbability()).isEqualTo(1.0);
    assertThat(resolved.getModel().hasBatchNorm()).isTrue();
    assertThat(resolved.getModel().getBatchNorm()).isFalse();
    TrainingRecipe recipe = resolved.getRecipe();
    assertThat(recipe.getLr0()).isEqualTo(0.01);
    assertThat(recipe.getLrDecay()).isEqualTo(0.95);
    assertThat(recipe.getMomentum()).isEqualTo(0.9);
    assertThat(recipe.getWeightDecay()).isZero();
    assertThat(recipe.getBatchSize()).isEqualTo(128);
    assertThat(recipe.getMaxEpochs()).isEqualTo(150);
    assertThat(recipe.getStopAtTrainAccuracy()).isEqualTo(1.0);
    assertThat(recipe.getCheckpointEvery()).isEqualTo(5);
    assertThat(recipe.getMaxBatchesPerEpoch()).isZero();
    assertThat(recipe.getDropout()).isZero();
    assertThat(recipe.getTestEveryEpochs()).isZero();
    assertThat(recipe.getWeightDecayScope()).isEqualTo(WeightDecayScope.WEIGHT_DECAY_SCOPE_WEIGHTS);
  }

  @Test
  void dropoutAndTestIntervalAreCheckedNamingTheField() {
    RunSpec base =
        minimal(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);

    assertThatThrownBy(
            () ->
                RunSpecs.resolve(
                    base.toBuilder().setRecipe(TrainingRecipe.newBuilder().setDropout(1)).build()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("recipe.dropout: must be in [0, 1), was 1.0");
    assertThatThrownBy(
            () ->
                RunSpecs.resolve(
                    base.toBuilder()
                        .setRecipe(TrainingRecipe.newBuilder().setTestEveryEpochs(10_001))
                        .build()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("recipe.test_every_epochs: must be in 0..10000, was 10001");
    RunSpec kept =
        RunSpecs.resolve(
            base.toBuilder()
                .setRecipe(
                    TrainingRecipe.newBuilder()
                        .setDropout(0.5)
                        .setTestEveryEpochs(2)
                        .setWeightDecayScope(WeightDecayScope.WEIGHT_DECAY_SCOPE_ALL_PARAMETERS))
                .build());
    assertThat(kept.getRecipe().getDropout()).isEqualTo(0.5);
    assertThat(kept.getRecipe().getTestEveryEpochs()).isEqualTo(2);
    assertThat(kept.getRecipe().getWeightDecayScope())
        .isEqualTo(WeightDecayScope.WEIGHT_DECAY_SCOPE_ALL_PARAMETERS);
    assertThat(RunSpecs.displayName(kept)).isEqualTo("mlp_1x512 true_labels seed=0 dropout=0.5");
  }

  @Test
  void inceptionDefaultsToBatchNormAndLearningRateOneTenth() {
    RunSpec resolved =
        RunSpecs.resolve(
            minimal(
                ModelKind.MODEL_KIND_INCEPTION_SMALL, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS));

    assertThat(resolved.getModel().getBatchNorm()).isTrue();
    assertThat(resolved.getRecipe().getLr0()).isEqualTo(0.1);
  }

  @Test
  void initializationDefaultsToTheOneThatTrainsAtThePapersLearningRate() {
    assertThat(resolvedInitialization(ModelKind.MODEL_KIND_MLP_1X512, null))
        .isEqualTo(Initialization.INITIALIZATION_DJL_DEFAULT);
    assertThat(resolvedInitialization(ModelKind.MODEL_KIND_MLP_3X512, null))
        .isEqualTo(Initialization.INITIALIZATION_DJL_DEFAULT);
    assertThat(resolvedInitialization(ModelKind.MODEL_KIND_INCEPTION_SMALL, true))
        .isEqualTo(Initialization.INITIALIZATION_DJL_DEFAULT);
    assertThat(resolvedInitialization(ModelKind.MODEL_KIND_INCEPTION_SMALL, false))
        .isEqualTo(Initialization.INITIALIZATION_TRUNCATED_NORMAL);
    assertThat(resolvedInitialization(ModelKind.MODEL_KIND_ALEXNET_SMALL, null))
        .isEqualTo(Initialization.INITIALIZATION_TRUNCATED_NORMAL);
  }

  @Test
  void explicitInitializationIsKept() {
    RunSpec spec =
        minimal(ModelKind.MODEL_KIND_ALEXNET_SMALL, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);
    RunSpec djl =
        spec.toBuilder()
            .setModel(
                spec.getModel().toBuilder()
                    .setInitialization(Initialization.INITIALIZATION_DJL_DEFAULT))
            .build();

    assertThat(RunSpecs.resolve(djl).getModel().getInitialization())
        .isEqualTo(Initialization.INITIALIZATION_DJL_DEFAULT);
  }

  @Test
  void unknownInitializationIsRejectedNamingTheField() {
    RunSpec spec =
        minimal(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);
    RunSpec unknown =
        spec.toBuilder().setModel(spec.getModel().toBuilder().setInitializationValue(9)).build();

    assertThatThrownBy(() -> RunSpecs.resolve(unknown))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("model.initialization");
  }

  private static Initialization resolvedInitialization(ModelKind kind, Boolean batchNorm) {
    ModelSpec.Builder model = ModelSpec.newBuilder().setKind(kind);
    if (batchNorm != null) {
      model.setBatchNorm(batchNorm);
    }
    RunSpec spec =
        minimal(kind, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS).toBuilder()
            .setModel(model)
            .build();
    return RunSpecs.resolve(spec).getModel().getInitialization();
  }

  @Test
  void explicitValuesAreKept() {
    RunSpec spec =
        minimal(ModelKind.MODEL_KIND_INCEPTION_SMALL, CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
            .toBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                    .setCorruptionProbability(0.3)
                    .setSeed(7))
            .setModel(
                ModelSpec.newBuilder()
                    .setKind(ModelKind.MODEL_KIND_INCEPTION_SMALL)
                    .setBatchNorm(false))
            .setRecipe(TrainingRecipe.newBuilder().setLr0(0.05).setMomentum(0).setBatchSize(64))
            .build();

    RunSpec resolved = RunSpecs.resolve(spec);

    assertThat(resolved.getModel().getBatchNorm()).isFalse();
    assertThat(resolved.getRecipe().getLr0()).isEqualTo(0.05);
    assertThat(resolved.getRecipe().getMomentum()).isZero();
    assertThat(resolved.getRecipe().getBatchSize()).isEqualTo(64);
    assertThat(resolved.getData().getCorruptionProbability()).isEqualTo(0.3);
  }

  @Test
  void resolvingAResolvedSpecChangesNothing() {
    RunSpec once =
        RunSpecs.resolve(
            minimal(
                ModelKind.MODEL_KIND_ALEXNET_SMALL, CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS));

    assertThat(RunSpecs.resolve(once)).isEqualTo(once);
  }

  @Test
  void displayNameIsDerivedFromTheSpec() {
    assertThat(
            RunSpecs.displayName(
                RunSpecs.resolve(
                    minimal(
                        ModelKind.MODEL_KIND_MLP_1X512,
                        CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS))))
        .isEqualTo("mlp_1x512 random_labels seed=0");

    RunSpec partial =
        RunSpec.newBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                    .setCorruptionProbability(0.3)
                    .setSeed(1)
                    .setTrainSubset(10_000))
            .setModel(
                ModelSpec.newBuilder()
                    .setKind(ModelKind.MODEL_KIND_INCEPTION_SMALL)
                    .setBatchNorm(false))
            .setRecipe(TrainingRecipe.newBuilder().setWeightDecay(5e-4).setRandomCrop(true))
            .build();
    assertThat(RunSpecs.displayName(RunSpecs.resolve(partial)))
        .isEqualTo("inception_small no_bn partial_labels p=0.3 seed=1 wd=0.0005 crop n=10000");
    assertThat(RunSpecs.displayName(partial.toBuilder().setLabel("mine").build()))
        .isEqualTo("mine");
  }

  @Test
  void exceptionNamesTheField() {
    RunSpec spec =
        minimal(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
            .toBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                    .setCorruptionProbability(1.5))
            .build();

    assertThatThrownBy(() -> RunSpecs.resolve(spec))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("data.corruption_probability: must be in [0, 1], was 1.5");
  }

  @Test
  void unknownDataSetsAndOversizedSubsetsNameTheirField() {
    RunSpec base =
        minimal(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);
    RunSpec svhn = base.toBuilder().setData(base.getData().toBuilder().setDataset("svhn")).build();
    assertThatThrownBy(() -> RunSpecs.resolve(svhn))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "data.dataset: unknown data set \"svhn\"; known: \"cifar10\", \"mnist\","
                + " \"fashion-mnist\"");

    RunSpec tooMany =
        base.toBuilder().setData(base.getData().toBuilder().setTrainSubset(50_001)).build();
    assertThatThrownBy(() -> RunSpecs.resolve(tooMany))
        .hasMessage("data.train_subset: must be in 0..50000, was 50001");
    assertThat(Datasets.trainSize(Datasets.CIFAR10)).isEqualTo(50_000);
  }

  @Test
  void tf32IsOffByDefaultAndOnlyForGpuRunsOnPyTorch() {
    RunSpec spec =
        minimal(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);
    assertThat(RunSpecs.resolve(spec).getAllowTf32()).isFalse();
    assertThat(RunSpecs.resolve(spec.toBuilder().setAllowTf32(true).build()).getAllowTf32())
        .isTrue();

    assertThatThrownBy(
            () ->
                RunSpecs.resolve(
                    spec.toBuilder().setAllowTf32(true).setDevice(Device.DEVICE_CPU).build()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("allow_tf32: TF32 is a GPU mode: must be false with device DEVICE_CPU");
    assertThatThrownBy(
            () ->
                RunSpecs.resolve(
                    spec.toBuilder().setAllowTf32(true).setEngine(Engine.ENGINE_MXNET).build()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("allow_tf32: needs the PyTorch engine: must be false with engine ENGINE_MXNET");
  }

  @Test
  void batchNormOnAModelWithoutItNamesTheField() {
    RunSpec spec =
        minimal(ModelKind.MODEL_KIND_ALEXNET_SMALL, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);
    RunSpec withBn =
        spec.toBuilder().setModel(spec.getModel().toBuilder().setBatchNorm(true)).build();
    assertThatThrownBy(() -> RunSpecs.resolve(withBn))
        .hasMessage("model.batch_norm: MODEL_KIND_ALEXNET_SMALL has no BatchNorm");
  }

  @Test
  void mlpsTrainOnMnistFormatDataSetsUpToTheirSizeWithoutRandomCrops() {
    RunSpec base =
        minimal(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_SHUFFLED_PIXELS);
    RunSpec fashion =
        base.toBuilder()
            .setData(base.getData().toBuilder().setDataset("fashion-mnist").setTrainSubset(60_000))
            .build();
    RunSpec resolved = RunSpecs.resolve(fashion);
    assertThat(resolved.getData().getDataset()).isEqualTo("fashion-mnist");
    assertThat(RunSpecs.displayName(resolved))
        .isEqualTo("mlp_1x512 fashion-mnist shuffled_pixels seed=0 n=60000");

    RunSpec tooMany =
        fashion.toBuilder().setData(fashion.getData().toBuilder().setTrainSubset(60_001)).build();
    assertThatThrownBy(() -> RunSpecs.resolve(tooMany))
        .hasMessage("data.train_subset: must be in 0..60000, was 60001");

    RunSpec cropped =
        fashion.toBuilder()
            .setRecipe(TrainingRecipe.newBuilder().setRandomCrop(true))
            .setData(fashion.getData().toBuilder().setDataset("mnist"))
            .build();
    assertThatThrownBy(() -> RunSpecs.resolve(cropped))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("recipe.random_crop: mnist images are 28×28 already");
  }

  @Test
  void convolutionalModelsRefuseMnistFormatDataSetsNamingTheField() {
    for (ModelKind kind :
        new ModelKind[] {
          ModelKind.MODEL_KIND_ALEXNET_SMALL, ModelKind.MODEL_KIND_INCEPTION_SMALL
        }) {
      RunSpec base = minimal(kind, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);
      RunSpec mnist =
          base.toBuilder().setData(base.getData().toBuilder().setDataset("mnist")).build();
      assertThatThrownBy(() -> RunSpecs.resolve(mnist))
          .isInstanceOf(InvalidSpecException.class)
          .hasMessage("data.dataset: " + kind.name() + " takes cifar10, not \"mnist\"");
    }
  }

  @Test
  void everyDataSetHasItsShapeAndSizes() {
    assertThat(Datasets.of("cifar10").inputValues()).isEqualTo(2352);
    assertThat(Datasets.of("cifar10").cropped()).isTrue();
    Datasets.Dataset fashion = Datasets.of("fashion-mnist");
    assertThat(List.of(fashion.channels(), fashion.side(), fashion.trainSize(), fashion.testSize()))
        .containsExactly(1, 28, 60_000, 10_000);
    assertThat(fashion.inputValues()).isEqualTo(784);
    assertThat(fashion.cropped()).isFalse();
    assertThat(Datasets.all())
        .extracting(Datasets.Dataset::name)
        .containsExactly("cifar10", "mnist", "fashion-mnist");
  }
}
