package dev.gengap.learning.training;

import dev.gengap.learning.model.Normalization;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.proto.v1.WeightDecayScope;
import dev.gengap.spec.Datasets;
import dev.gengap.spec.ModelRules;

/**
 * The parts of a resolved {@link RunSpec} that the session needs. A resolved spec has every
 * optional field set; reading an unresolved one is a caller bug, reported naming the field.
 */
record Recipe(
    ModelKind model,
    int inputChannels,
    Normalization normalization,
    Initialization initialization,
    int seed,
    double lr0,
    double lrDecay,
    double momentum,
    double weightDecay,
    WeightDecayScope weightDecayScope,
    double dropout) {

  static Recipe of(RunSpec spec) {
    TrainingRecipe recipe = spec.getRecipe();
    require(recipe.hasLr0(), "recipe.lr0");
    require(recipe.hasLrDecay(), "recipe.lr_decay");
    require(recipe.hasMomentum(), "recipe.momentum");
    ModelKind model = spec.getModel().getKind();
    boolean batchNorm = spec.getModel().getBatchNorm();
    ModelRules rules = ModelRules.of(model);
    if (rules.hasBatchNorm()) {
      require(spec.getModel().hasBatchNorm(), "model.batch_norm");
    }
    Normalization normalization = batchNorm ? Normalization.BATCH_NORM : Normalization.NONE;
    // Specs stored before the field existed say UNSPECIFIED: they get the model's default.
    Initialization initialization =
        spec.getModel().getInitialization() == Initialization.INITIALIZATION_UNSPECIFIED
            ? rules.defaultInitialization(batchNorm)
            : spec.getModel().getInitialization();
    // Specs stored before the field was filled in name no data set: CIFAR-10.
    String dataset =
        spec.getData().getDataset().isEmpty() ? Datasets.CIFAR10 : spec.getData().getDataset();
    return new Recipe(
        model,
        Datasets.of(dataset).channels(),
        normalization,
        initialization,
        foldSeed(spec.getData().getSeed()),
        recipe.getLr0(),
        recipe.getLrDecay(),
        recipe.getMomentum(),
        recipe.getWeightDecay(),
        // Specs stored before the field existed were trained with decay on every parameter.
        recipe.getWeightDecayScope() == WeightDecayScope.WEIGHT_DECAY_SCOPE_UNSPECIFIED
            ? WeightDecayScope.WEIGHT_DECAY_SCOPE_ALL_PARAMETERS
            : recipe.getWeightDecayScope(),
        recipe.getDropout());
  }

  /** Table 1: lr0, multiplied by lr_decay (0.95) after every epoch; epochs count from 1. */
  double learningRate(int epoch) {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch: must be ≥ 1, was " + epoch);
    }
    return lr0 * Math.pow(lrDecay, epoch - 1);
  }

  /** DJL engines take an int seed; fold the spec's 64 bits so every bit counts. */
  static int foldSeed(long seed) {
    return (int) (seed ^ (seed >>> 32));
  }

  private static void require(boolean set, String field) {
    if (!set) {
      throw new IllegalArgumentException(field + ": must be set (resolve the run spec first)");
    }
  }
}
