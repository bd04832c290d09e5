package dev.gengap.learning.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A resume must restore exactly the state that was saved. DJL's decoders hand MXNet a buffer that
 * nothing keeps reachable during the copy (the momentum buffers even a heap one, which DJL copies
 * into an unfenced direct buffer of its own): a collection at that moment loads other bytes. Here
 * the heap churns while a checkpoint is loaded over and over; every load must re-encode to the
 * checkpoint's own bytes.
 */
class CheckpointLoadIT {

  private static final int LOADS = 150;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"ENGINE_MXNET", "ENGINE_PYTORCH"})
  void everyLoadRestoresTheSavedBytesWhileTheCollectorRuns(Engine engine)
      throws InterruptedException {
    RunSpec spec = Specs.resolved(ModelKind.MODEL_KIND_MLP_1X512, engine, 5);
    Checkpoint saved;
    try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
      // One epoch, so the momentum buffers hold something other than zeros.
      session.trainEpoch(
          1, SyntheticImages.randomLabels(5, 256).batches(64), () -> false, StepListener.NONE);
      saved = session.checkpoint(1);
    }
    int wrong = 0;
    try (HeapChurn churn = HeapChurn.start()) {
      for (int i = 0; i < LOADS; i++) {
        try (TrainingSession resumed = TrainingSession.open(spec, "MXNet", Optional.of(saved))) {
          if (!resumed.checkpoint(1).equals(saved)) {
            wrong++;
          }
        }
      }
    }
    assertThat(wrong).as("loads whose state differs from the checkpoint").isZero();
  }
}
