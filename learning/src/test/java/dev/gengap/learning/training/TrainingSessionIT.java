package dev.gengap.learning.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainingSessionIT {

  private static final ModelKind MLP = ModelKind.MODEL_KIND_MLP_1X512;
  private static final SyntheticImages IMAGES = SyntheticImages.randomLabels(7, 500);
  private static final SyntheticImages SMALL = SyntheticImages.randomLabels(8, 100);

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"ENGINE_MXNET", "ENGINE_PYTORCH"})
  void mlpMemorizesFiveHundredRandomLabels(Engine engine) {
    RunSpec spec = Specs.resolved(ModelKind.MODEL_KIND_MLP_1X512, engine, 1);
    try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
      List<EpochResult> epochs = new ArrayList<>();
      for (int epoch = 1; epoch <= 40; epoch++) {
        EpochResult result =
            session.trainEpoch(epoch, IMAGES.batches(50), () -> false, StepListener.NONE);
        epochs.add(result);
        if (result.accuracy() == 1.0) {
          break;
        }
      }
      EpochResult last = epochs.get(epochs.size() - 1);
      System.out.printf(
          "%s: %d epochs, first loss %.4f, last loss %.4f acc %.4f%n",
          session.engineName(),
          epochs.size(),
          epochs.get(0).meanLoss(),
          last.meanLoss(),
          last.accuracy());
      assertThat(session.engineName())
          .isEqualTo(engine == Engine.ENGINE_MXNET ? "MXNet" : "PyTorch");
      assertThat(last.accuracy()).isEqualTo(1.0);
      assertThat(last.meanLoss()).isLessThan(epochs.get(0).meanLoss() / 4);
      assertThat(last.examples()).isEqualTo(500);
      assertThat(last.cumulativeSteps()).isEqualTo(10L * epochs.size());
      assertThat(last.learningRate())
          .isCloseTo(0.01 * Math.pow(0.95, epochs.size() - 1), within(1e-12));
      assertThat(session.parameterCount()).isEqualTo(1_209_866);
      assertThat(session.deviceName()).isEqualTo("cpu");
    }
  }

  @Test
  void dropoutChangesTheLossTrajectoryButNotTheParameterCountAndIsOffInEvaluation() {
    RunSpec plain = Specs.resolved(MLP, Engine.ENGINE_MXNET, 11);
    RunSpec dropout =
        plain.toBuilder().setRecipe(plain.getRecipe().toBuilder().setDropout(0.5)).build();

    assertThat(lossesOfTwoEpochs(dropout)).isNotEqualTo(lossesOfTwoEpochs(plain));
    try (TrainingSession session = TrainingSession.open(dropout, "MXNet", Optional.empty())) {
      assertThat(session.parameterCount()).isEqualTo(1_209_866);
      session.trainEpoch(1, SMALL.batches(25), () -> false, StepListener.NONE);
      // Random masks would make two passes over the same data differ; eval mode has none.
      assertThat(session.evaluate(SMALL.batches(25)))
          .isEqualTo(session.evaluate(SMALL.batches(25)));
    }
  }

  @Test
  void sameSeedGivesIdenticalLossesAndOtherSeedDoesNot() {
    List<Double> first = lossesOfTwoEpochs(Specs.resolved(MLP, Engine.ENGINE_MXNET, 11));
    List<Double> again = lossesOfTwoEpochs(Specs.resolved(MLP, Engine.ENGINE_MXNET, 11));
    List<Double> otherSeed = lossesOfTwoEpochs(Specs.resolved(MLP, Engine.ENGINE_MXNET, 12));
    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"ENGINE_MXNET", "ENGINE_PYTORCH"})
  void resumedRunContinuesExactlyLikeAnUninterruptedOne(Engine engine) {
    RunSpec spec = Specs.resolved(MLP, engine, 5);
    Checkpoint afterEpochOne;
    EpochResult uninterrupted;
    Checkpoint uninterruptedAfterTwo;
    try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
      session.trainEpoch(1, SMALL.batches(25), () -> false, StepListener.NONE);
      afterEpochOne = Checkpoint.fromBytes(session.checkpoint(1).toBytes());
      uninterrupted = session.trainEpoch(2, SMALL.batches(25), () -> false, StepListener.NONE);
      uninterruptedAfterTwo = session.checkpoint(2);
    }
    assertThat(afterEpochOne.epoch()).isEqualTo(1);
    assertThat(afterEpochOne.cumulativeSteps()).isEqualTo(4);

    try (TrainingSession resumed =
        TrainingSession.open(spec, "MXNet", Optional.of(afterEpochOne))) {
      EpochResult continued =
          resumed.trainEpoch(2, SMALL.batches(25), () -> false, StepListener.NONE);
      assertThat(continued.meanLoss()).isCloseTo(uninterrupted.meanLoss(), within(1e-6));
      assertThat(continued.accuracy()).isEqualTo(uninterrupted.accuracy());
      assertThat(continued.cumulativeSteps()).isEqualTo(8);
      // Parameters and momentum too: the next epoch would continue identically as well.
      assertThat(resumed.checkpoint(2)).isEqualTo(uninterruptedAfterTwo);
    }
  }

  @Test
  void resumeWithoutMomentumWouldDiverge() {
    // Guards the test above: momentum matters here, so restoring it is what makes them equal.
    RunSpec spec = Specs.resolved(MLP, Engine.ENGINE_MXNET, 5);
    RunSpec noMomentum =
        spec.toBuilder().setRecipe(spec.getRecipe().toBuilder().setMomentum(0)).build();
    try (TrainingSession a = TrainingSession.open(spec, "MXNet", Optional.empty());
        TrainingSession b = TrainingSession.open(noMomentum, "MXNet", Optional.empty())) {
      a.trainEpoch(1, SMALL.batches(25), () -> false, StepListener.NONE);
      b.trainEpoch(1, SMALL.batches(25), () -> false, StepListener.NONE);
      assertThat(a.trainEpoch(2, SMALL.batches(25), () -> false, StepListener.NONE).meanLoss())
          .isNotCloseTo(
              b.trainEpoch(2, SMALL.batches(25), () -> false, StepListener.NONE).meanLoss(),
              within(1e-4));
    }
  }

  @Test
  void cancelStopsBeforeTheNextBatch() {
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger batchesTaken = new AtomicInteger();
    Iterator<LabeledBatch> source = SMALL.batches(10);
    Iterator<LabeledBatch> counted =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return source.hasNext();
          }

          @Override
          public LabeledBatch next() {
            batchesTaken.incrementAndGet();
            return source.next();
          }
        };
    List<Step> steps = new ArrayList<>();
    try (TrainingSession session =
        TrainingSession.open(
            Specs.resolved(MLP, Engine.ENGINE_MXNET, 1), "MXNet", Optional.empty())) {
      // Cancellation arrives while the third batch trains: the fourth never starts.
      EpochResult result =
          session.trainEpoch(1, counted, () -> checks.incrementAndGet() > 3, steps::add);
      assertThat(result.cancelled()).isTrue();
      assertThat(batchesTaken).hasValue(3);
      assertThat(result.examples()).isEqualTo(30);
      assertThat(result.cumulativeSteps()).isEqualTo(3);
      assertThat(steps).extracting(Step::cumulativeSteps).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void evaluateCountsCorrectPredictionsOfTheFrozenModel() {
    SyntheticImages twenty = SyntheticImages.randomLabels(9, 20);
    try (TrainingSession session =
        TrainingSession.open(
            Specs.resolved(MLP, Engine.ENGINE_MXNET, 3), "MXNet", Optional.empty())) {
      EpochResult last = null;
      for (int epoch = 1; epoch <= 30 && (last == null || last.accuracy() < 1); epoch++) {
        last = session.trainEpoch(epoch, twenty.batches(5), () -> false, StepListener.NONE);
      }
      assertThat(last.accuracy()).isEqualTo(1.0);
      EvaluationResult memorized = session.evaluate(twenty.batches(7));
      assertThat(memorized.accuracy()).isEqualTo(1.0);
      assertThat(memorized.examples()).isEqualTo(20);

      // Change 5 of the 20 labels to a wrong class: exactly 15 predictions stay right.
      int[] relabelled = twenty.labels().clone();
      for (int i = 0; i < 5; i++) {
        relabelled[i * 4] = (relabelled[i * 4] + 1) % 10;
      }
      EvaluationResult partly = session.evaluate(twenty.withLabels(relabelled).batches(7));
      assertThat(partly.accuracy()).isEqualTo(0.75);
      assertThat(partly.meanLoss()).isGreaterThan(memorized.meanLoss());
      // Evaluation never trains: a second pass gives the same figures.
      assertThat(session.evaluate(twenty.withLabels(relabelled).batches(7))).isEqualTo(partly);
    }
  }

  @Test
  void gpuRequestedWithoutGpuIsAClearError() {
    RunSpec spec =
        Specs.resolved(MLP, Engine.ENGINE_MXNET, 1).toBuilder()
            .setDevice(Device.DEVICE_GPU)
            .build();
    assertThatThrownBy(() -> TrainingSession.open(spec, "MXNet", Optional.empty()))
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessageContaining("DEVICE_GPU");
  }

  @Test
  void unspecifiedEngineAndDeviceTakeTheDefaultEngineAndCpu() {
    RunSpec spec =
        Specs.resolved(MLP, Engine.ENGINE_UNSPECIFIED, 1).toBuilder()
            .setDevice(Device.DEVICE_UNSPECIFIED)
            .build();
    try (TrainingSession session = TrainingSession.open(spec, "pytorch", Optional.empty())) {
      assertThat(session.engineName()).isEqualTo("PyTorch");
      assertThat(session.deviceName()).isEqualTo("cpu");
    }
  }

  @Test
  void unresolvedSpecIsRejectedNamingTheField() {
    RunSpec spec = Specs.resolved(MLP, Engine.ENGINE_MXNET, 1);
    RunSpec unresolved =
        spec.toBuilder().setRecipe(spec.getRecipe().toBuilder().clearLr0()).build();
    assertThatThrownBy(() -> TrainingSession.open(unresolved, "MXNet", Optional.empty()))
        .hasMessageStartingWith("recipe.lr0:");
  }

  @Test
  void checkpointOfAnotherModelIsRejected() {
    Checkpoint mlp;
    try (TrainingSession session =
        TrainingSession.open(
            Specs.resolved(MLP, Engine.ENGINE_MXNET, 1), "MXNet", Optional.empty())) {
      mlp = session.checkpoint(0);
    }
    RunSpec alexNet = Specs.resolved(ModelKind.MODEL_KIND_ALEXNET_SMALL, Engine.ENGINE_MXNET, 1);
    assertThatThrownBy(() -> TrainingSession.open(alexNet, "MXNet", Optional.of(mlp)))
        .hasMessageStartingWith("checkpoint:");
  }

  private static List<Double> lossesOfTwoEpochs(RunSpec spec) {
    try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
      List<Double> losses = new ArrayList<>();
      for (int epoch = 1; epoch <= 2; epoch++) {
        losses.add(
            session
                .trainEpoch(epoch, SMALL.batches(25), () -> false, StepListener.NONE)
                .meanLoss());
      }
      return losses;
    }
  }
}
