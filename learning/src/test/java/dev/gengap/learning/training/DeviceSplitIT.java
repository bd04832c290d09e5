package dev.gengap.learning.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.learning.data.EpochOrder;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeviceSplitIT {

  private static final SyntheticImages IMAGES = SyntheticImages.randomLabels(3, 300);
  private static final int BATCH = 64;
  private static final long SEED = 9;

  @ParameterizedTest
  @EnumSource(
      value = Engine.class,
      names = {"ENGINE_MXNET", "ENGINE_PYTORCH"})
  void epochsFromTheDeviceAreBitIdenticalToStreamedOnes(Engine engine) {
    RunSpec spec = Specs.resolved(ModelKind.MODEL_KIND_MLP_1X512, engine, 4);
    List<EpochResult> streamed = new ArrayList<>();
    Checkpoint streamedEnd;
    try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
      for (int epoch = 1; epoch <= 3; epoch++) {
        streamed.add(session.trainEpoch(epoch, served(epoch, 0), () -> false, StepListener.NONE));
      }
      streamedEnd = session.checkpoint(3);
    }
    List<EpochResult> local = new ArrayList<>();
    Checkpoint localEnd;
    try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty());
        DeviceSplit split = session.newDeviceSplit(Long.MAX_VALUE)) {
      local.add(session.trainEpoch(1, served(1, 0), () -> false, StepListener.NONE, split));
      assertThat(split.seal()).isTrue();
      assertThat(split.size()).isEqualTo(IMAGES.size());
      for (int epoch = 2; epoch <= 3; epoch++) {
        int[] order = EpochOrder.shuffled(SEED, epoch, IMAGES.size());
        local.add(
            session.trainEpoch(epoch, split, order, BATCH, 0, () -> false, StepListener.NONE));
      }
      localEnd = session.checkpoint(3);
    }
    for (int e = 0; e < 3; e++) {
      assertThat(local.get(e).meanLoss()).isEqualTo(streamed.get(e).meanLoss());
      assertThat(local.get(e).accuracy()).isEqualTo(streamed.get(e).accuracy());
      assertThat(local.get(e).examples()).isEqualTo(streamed.get(e).examples());
    }
    assertThat(localEnd).isEqualTo(streamedEnd);
  }

  @Test
  void aSplitOverTheBudgetOrAnIncompleteEpochIsNotKept() {
    RunSpec spec = Specs.resolved(ModelKind.MODEL_KIND_MLP_1X512, Engine.ENGINE_PYTORCH, 4);
    try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
      try (DeviceSplit small = session.newDeviceSplit(100_000)) {
        session.trainEpoch(1, served(1, 0), () -> false, StepListener.NONE, small);
        assertThat(small.seal()).isFalse();
        assertThat(small.size()).isZero();
      }
      try (DeviceSplit partial = session.newDeviceSplit(Long.MAX_VALUE)) {
        session.trainEpoch(1, served(1, 2), () -> false, StepListener.NONE, partial);
        assertThat(partial.seal()).isFalse();
      }
    }
  }

  /** Epoch {@code epoch} as the dataset-service serves it: shuffled, with split indices. */
  private static Iterator<LabeledBatch> served(int epoch, int maxBatches) {
    int[] order = EpochOrder.shuffled(SEED, epoch, IMAGES.size());
    List<LabeledBatch> batches = new ArrayList<>();
    for (int from = 0; from < order.length; from += BATCH) {
      if (maxBatches > 0 && batches.size() == maxBatches) {
        break;
      }
      int n = Math.min(BATCH, order.length - from);
      float[] pixels = new float[n * LabeledBatch.IMAGE_VALUES];
      int[] labels = new int[n];
      int[] indices = new int[n];
      for (int i = 0; i < n; i++) {
        int index = order[from + i];
        System.arraycopy(
            IMAGES.pixels(),
            index * LabeledBatch.IMAGE_VALUES,
            pixels,
            i * LabeledBatch.IMAGE_VALUES,
            LabeledBatch.IMAGE_VALUES);
        labels[i] = IMAGES.labels()[index];
        indices[i] = index;
      }
      batches.add(new LabeledBatch(pixels, labels, n, indices));
    }
    return batches.iterator();
  }
}
