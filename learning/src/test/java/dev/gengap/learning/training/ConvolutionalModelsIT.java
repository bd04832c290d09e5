package dev.gengap.learning.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The deeper models fit random labels on a small synthetic set. CPU time is the budget, so the set
 * is small (32 images, batches of 16) and the epochs few: the tests assert that the loss heads
 * toward zero, not that it gets there.
 *
 * <p>AlexNet and BatchNorm Inception train at the paper's learning rates with their default
 * initializations. Inception without BatchNorm does not fit in this budget at the paper's lr 0.1:
 * with He-normal weights it diverges (loss in the thousands, then NaN), and with its default, the
 * paper's truncated normal, it starts too slowly (loss 2.30 → 2.13 in 16 epochs, also at lr 0.01;
 * on real CIFAR-10 it leaves ln 10 after ~30 steps, docs/learning.md). Its test checks that the
 * network learns at all, with He-normal weights at lr 0.001.
 */
class ConvolutionalModelsIT {

  private static final SyntheticImages IMAGES = SyntheticImages.randomLabels(21, 32);

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"ENGINE_MXNET", "ENGINE_PYTORCH"})
  void inceptionWithBatchNormDrivesTheLossDown(Engine engine) {
    assertLossFalls(Specs.resolved(ModelKind.MODEL_KIND_INCEPTION_SMALL, engine, 4), 8);
  }

  @Test
  void inceptionWithoutBatchNormDrivesTheLossDown() {
    RunSpec spec = Specs.resolved(ModelKind.MODEL_KIND_INCEPTION_SMALL, Engine.ENGINE_MXNET, 4);
    List<EpochResult> results =
        train(
            spec.toBuilder()
                .setModel(
                    spec.getModel().toBuilder()
                        .setBatchNorm(false)
                        .setInitialization(Initialization.INITIALIZATION_DJL_DEFAULT))
                .setRecipe(spec.getRecipe().toBuilder().setLr0(0.001))
                .build(),
            16);
    // Slow without BatchNorm: below chance level (ln 10 = 2.30) and still falling every epoch.
    assertThat(results.get(15).meanLoss()).isLessThan(2.1);
    for (int epoch = 11; epoch < 16; epoch++) {
      assertThat(results.get(epoch).meanLoss()).isLessThan(results.get(epoch - 1).meanLoss());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"ENGINE_MXNET", "ENGINE_PYTORCH"})
  void alexNetDrivesTheLossDown(Engine engine) {
    assertLossFalls(Specs.resolved(ModelKind.MODEL_KIND_ALEXNET_SMALL, engine, 4), 20);
  }

  @Test
  void mlpThreeHiddenDrivesTheLossDown() {
    assertLossFalls(Specs.resolved(ModelKind.MODEL_KIND_MLP_3X512, Engine.ENGINE_MXNET, 4), 12);
  }

  private static void assertLossFalls(RunSpec spec, int epochs) {
    List<EpochResult> results = train(spec, epochs);
    double first = results.get(0).meanLoss();
    double last = results.get(results.size() - 1).meanLoss();
    System.out.printf(
        "%s %s: loss %.3f -> %.3f, accuracy %.3f%n",
        spec.getModel().getKind(),
        spec.getEngine(),
        first,
        last,
        results.get(epochs - 1).accuracy());
    assertThat(last).isLessThan(first / 2);
    assertThat(results.get(epochs - 1).accuracy()).isGreaterThan(0.5);
  }

  private static List<EpochResult> train(RunSpec spec, int epochs) {
    List<EpochResult> results = new ArrayList<>();
    try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        results.add(session.trainEpoch(epoch, IMAGES.batches(16), () -> false, StepListener.NONE));
      }
    }
    return results;
  }
}
