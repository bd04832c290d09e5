package dev.gengap.store;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;

/** Small specs for store tests (the store does not validate specs; the trainer does). */
public final class TestSpecs {
  private TestSpecs() {}

  public static NewRun newRun(ModelKind model, CorruptionKind corruption, long seed) {
    RunSpec spec =
        RunSpec.newBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setDataset("cifar10")
                    .setSeed(seed)
                    .setCorruption(corruption)
                    .setCorruptionProbability(
                        corruption == CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS ? 1.0 : 0.0))
            .setModel(ModelSpec.newBuilder().setKind(model).setBatchNorm(false))
            .build();
    return new NewRun(spec, model.name() + " " + corruption.name() + " seed=" + seed);
  }

  public static NewRun mlp(long seed) {
    return newRun(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS, seed);
  }
}
