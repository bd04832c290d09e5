package dev.gengap.cli.spec;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import java.util.Iterator;
import picocli.CommandLine.Option;

/**
 * Run spec fields as flags. Every flag is optional: the ones given override the spec file (or an
 * empty spec), and the trainer fills the rest with the paper's defaults.
 */
public final class SpecFlags {
  @Option(
      names = "--dataset",
      description =
          "Data set: cifar10 (default), mnist or fashion-mnist (MLPs and the closed-form kinds;"
              + " the dataset-service must serve it).")
  String dataset;

  @Option(names = "--seed", description = "Seed of every random draw about the data.")
  Long seed;

  @Option(
      names = "--corruption",
      paramLabel = "KIND",
      completionCandidates = CorruptionKinds.class,
      description = "One of ${COMPLETION-CANDIDATES}.")
  CorruptionKind corruption;

  @Option(
      names = {"--p", "--corruption-probability"},
      description = "Label corruption probability for PARTIAL_LABELS, in [0, 1].")
  Double corruptionProbability;

  @Option(
      names = "--corrupt-test-labels",
      negatable = true,
      description = "Also corrupt the test labels (label corruptions only).")
  Boolean corruptTestLabels;

  @Option(
      names = "--train-subset",
      paramLabel = "N",
      description = "Train on the first N training examples; 0 = the whole training set.")
  Integer trainSubset;

  @Option(
      names = "--model",
      paramLabel = "KIND",
      completionCandidates = ModelKinds.class,
      description =
          "One of ${COMPLETION-CANDIDATES}. The last three are Section 5's closed-form fits"
              + " (docs/section5.md).")
  ModelKind model;

  @Option(
      names = "--gamma",
      paramLabel = "GAMMA",
      description =
          "KERNEL_RBF only: the width γ > 0 of exp(−γ‖x − x'‖²), pixels in [0, 1] (default: the"
              + " data set's, docs/section5.md).")
  Double gamma;

  @Option(
      names = "--ridge",
      paramLabel = "LAMBDA",
      description =
          "KERNEL_RBF only: ridge λ ≥ 0 added to K's diagonal; 0 = interpolate (default).")
  Double ridge;

  @Option(
      names = "--batch-norm",
      negatable = true,
      description = "BatchNorm in INCEPTION_SMALL (default on for it).")
  Boolean batchNorm;

  @Option(
      names = "--initialization",
      paramLabel = "INIT",
      description =
          "DJL_DEFAULT or TRUNCATED_NORMAL (default: the model's; TRUNCATED_NORMAL for"
              + " ALEXNET_SMALL and INCEPTION_SMALL without BatchNorm).")
  Initialization initialization;

  @Option(names = "--lr", description = "Initial learning rate (default 0.1 Inception, 0.01 else).")
  Double lr0;

  @Option(names = "--lr-decay", description = "Learning rate factor per epoch (default 0.95).")
  Double lrDecay;

  @Option(names = "--momentum", description = "SGD momentum (default 0.9).")
  Double momentum;

  @Option(
      names = "--weight-decay",
      description =
          "L2 coefficient on conv/dense weights (not biases or BatchNorm); 0 = off. The paper"
              + " gives no value; 5e-4 is this project's choice.")
  Double weightDecay;

  @Option(
      names = "--dropout",
      paramLabel = "RATE",
      description =
          "Dropout rate in [0, 1) after each hidden dense layer (before Inception's last);"
              + " 0 = off (default).")
  Double dropout;

  @Option(
      names = "--test-every-epochs",
      paramLabel = "K",
      description = "Measure test accuracy every K epochs while training; 0 = never (default).")
  Integer testEveryEpochs;

  @Option(names = "--random-crop", negatable = true, description = "Random 28x28 crops.")
  Boolean randomCrop;

  @Option(names = "--batch-size", description = "Examples per step (default 128).")
  Integer batchSize;

  @Option(names = "--max-epochs", description = "Upper bound on epochs (default 150).")
  Integer maxEpochs;

  @Option(
      names = "--stop-at-train-accuracy",
      paramLabel = "ACC",
      description = "Stop once an epoch's training accuracy reaches this (default 1.0).")
  Double stopAtTrainAccuracy;

  @Option(names = "--checkpoint-every", paramLabel = "EPOCHS", description = "Default 5.")
  Integer checkpointEvery;

  @Option(
      names = "--max-batches-per-epoch",
      paramLabel = "N",
      description = "Cap on steps per epoch, for smoke runs; 0 = none.")
  Integer maxBatchesPerEpoch;

  @Option(names = "--engine", description = "MXNET or PYTORCH (default: the trainer's).")
  Engine engine;

  @Option(names = "--device", description = "CPU or GPU (default: GPU when present).")
  Device device;

  @Option(
      names = "--allow-tf32",
      negatable = true,
      description =
          "Let a GPU run use TensorFloat-32 matrix products (PyTorch only; default off, claimed only"
              + " by a trainer started with --tf32 on).")
  Boolean allowTf32;

  @Option(names = "--label", description = "Free text shown beside the run.")
  String label;

  /** {@code base} with every given flag applied over it. */
  public RunSpec applyTo(RunSpec base) {
    RunSpec.Builder spec = base.toBuilder();
    DataSpec.Builder data = spec.getDataBuilder();
    if (dataset != null) data.setDataset(dataset);
    if (seed != null) data.setSeed(seed);
    if (corruption != null) data.setCorruption(corruption);
    if (corruptionProbability != null) data.setCorruptionProbability(corruptionProbability);
    if (corruptTestLabels != null) data.setCorruptTestLabels(corruptTestLabels);
    if (trainSubset != null) data.setTrainSubset(unsigned("--train-subset", trainSubset));
    ModelSpec.Builder modelSpec = spec.getModelBuilder();
    if (model != null) modelSpec.setKind(model);
    if (batchNorm != null) modelSpec.setBatchNorm(batchNorm);
    if (initialization != null) modelSpec.setInitialization(initialization);
    if (gamma != null) modelSpec.setGamma(gamma);
    if (ridge != null) modelSpec.setRidge(ridge);
    TrainingRecipe.Builder recipe = spec.getRecipeBuilder();
    if (lr0 != null) recipe.setLr0(lr0);
    if (lrDecay != null) recipe.setLrDecay(lrDecay);
    if (momentum != null) recipe.setMomentum(momentum);
    if (weightDecay != null) recipe.setWeightDecay(weightDecay);
    if (randomCrop != null) recipe.setRandomCrop(randomCrop);
    if (dropout != null) recipe.setDropout(dropout);
    if (testEveryEpochs != null)
      recipe.setTestEveryEpochs(unsigned("--test-every-epochs", testEveryEpochs));
    if (batchSize != null) recipe.setBatchSize(unsigned("--batch-size", batchSize));
    if (maxEpochs != null) recipe.setMaxEpochs(unsigned("--max-epochs", maxEpochs));
    if (stopAtTrainAccuracy != null) recipe.setStopAtTrainAccuracy(stopAtTrainAccuracy);
    if (checkpointEvery != null)
      recipe.setCheckpointEvery(unsigned("--checkpoint-every", checkpointEvery));
    if (maxBatchesPerEpoch != null)
      recipe.setMaxBatchesPerEpoch(unsigned("--max-batches-per-epoch", maxBatchesPerEpoch));
    if (engine != null) spec.setEngine(engine);
    if (device != null) spec.setDevice(device);
    if (allowTf32 != null) spec.setAllowTf32(allowTf32);
    if (label != null) spec.setLabel(label);
    return spec.build();
  }

  /** The short names {@code --model} takes, for its help and shell completion. */
  static final class ModelKinds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ProtoEnumNames.choices(ModelKind.getDescriptor()).iterator();
    }
  }

  /** The short names {@code --corruption} takes, for its help and shell completion. */
  static final class CorruptionKinds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ProtoEnumNames.choices(CorruptionKind.getDescriptor()).iterator();
    }
  }

  /** The proto field is unsigned: a negative flag would wrap to a huge number. */
  private static int unsigned(String flag, int value) {
    if (value < 0) {
      throw new CliException(ExitCode.USAGE, flag + ": must be 0 or more, was " + value);
    }
    return value;
  }
}
