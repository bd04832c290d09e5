package dev.gengap.learning.training;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.proto.v1.WeightDecayScope;
import dev.gengap.spec.ModelRules;

/** Resolved run specs (every optional field set) as the trainer would store them. */
final class Specs {

  private Specs() {}

  static RunSpec resolved(ModelKind model, Engine engine, long seed) {
    boolean inception = model == ModelKind.MODEL_KIND_INCEPTION_SMALL;
    return RunSpec.newBuilder()
        .setData(
            DataSpec.newBuilder()
                .setDataset("cifar10")
                .setSeed(seed)
                .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                .setCorruptionProbability(1))
        .setModel(ModelSpec.newBuilder().setKind(model).setBatchNorm(inception))
        .setRecipe(
            TrainingRecipe.newBuilder()
                .setLr0(ModelRules.of(model).defaultLr0())
                .setLrDecay(0.95)
                .setMomentum(0.9)
                .setBatchSize(128)
                .setMaxEpochs(150)
                .setStopAtTrainAccuracy(1.0)
                .setCheckpointEvery(5)
                .setWeightDecayScope(WeightDecayScope.WEIGHT_DECAY_SCOPE_WEIGHTS))
        .setEngine(engine)
        .setDevice(Device.DEVICE_CPU)
        .build();
  }
}
