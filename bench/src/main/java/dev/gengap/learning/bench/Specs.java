package dev.gengap.learning.bench;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.spec.ModelRules;

/** Resolved specs with the paper's recipe, for the benchmarks. */
final class Specs {

  private Specs() {}

  static RunSpec paperRecipe(ModelKind model, Engine engine) {
    ModelRules rules = ModelRules.of(model);
    return RunSpec.newBuilder()
        .setData(
            DataSpec.newBuilder()
                .setDataset("cifar10")
                .setSeed(1)
                .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
        .setModel(ModelSpec.newBuilder().setKind(model).setBatchNorm(rules.hasBatchNorm()))
        .setRecipe(
            TrainingRecipe.newBuilder()
                .setLr0(rules.defaultLr0())
                .setLrDecay(0.95)
                .setMomentum(0.9)
                .setBatchSize(128)
                .setMaxEpochs(150)
                .setStopAtTrainAccuracy(1.0)
                .setCheckpointEvery(5))
        .setEngine(engine)
        .setDevice(Device.DEVICE_UNSPECIFIED)
        .build();
  }
}
