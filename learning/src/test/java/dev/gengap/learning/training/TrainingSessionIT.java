package dev.gengap.learning.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainingSessionIT {

  private static final SyntheticImages IMAGES = SyntheticImages.randomLabels(7, 500);

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
          .isCloseTo(
              0.01 * Math.pow(0.95, epochs.size() - 1), org.assertj.core.data.Offset.offset(1e-12));
      assertThat(session.parameterCount()).isEqualTo(1_209_866);
      assertThat(session.deviceName()).isEqualTo("cpu");
    }
  }
}
