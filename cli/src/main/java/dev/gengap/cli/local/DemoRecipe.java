package dev.gengap.cli.local;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import java.util.List;

/**
 * The demo's three runs: MLP 1x512 on true labels, partial labels (p = 0.5) and random labels, on
 * the first {@code trainSubset} CIFAR-10 training images, all with one recipe.
 *
 * @param lr0 initial learning rate (the paper's 0.01 for the MLPs)
 * @param lrDecay factor per epoch (the paper's 0.95)
 * @param maxEpochs epoch cap of every run
 * @param stopAtTrainAccuracy a run stops once an epoch's running training accuracy reaches this
 */
public record DemoRecipe(
    long seed,
    int trainSubset,
    double lr0,
    double lrDecay,
    int maxEpochs,
    double stopAtTrainAccuracy) {

  /** The specs, in the order the table shows them. */
  public List<RunSpec> specs() {
    return List.of(
        spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS, 0, "demo true labels"),
        spec(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS, 0.5, "demo partial labels p=0.5"),
        spec(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS, 0, "demo random labels"));
  }

  private RunSpec spec(CorruptionKind corruption, double p, String label) {
    return RunSpec.newBuilder()
        .setData(
            DataSpec.newBuilder()
                .setDataset("cifar10")
                .setSeed(seed)
                .setCorruption(corruption)
                .setCorruptionProbability(p)
                .setTrainSubset(trainSubset))
        .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP_1X512))
        .setRecipe(
            TrainingRecipe.newBuilder()
                .setLr0(lr0)
                .setLrDecay(lrDecay)
                .setMomentum(0.9)
                .setWeightDecay(0)
                .setRandomCrop(false)
                .setBatchSize(128)
                .setMaxEpochs(maxEpochs)
                .setStopAtTrainAccuracy(stopAtTrainAccuracy))
        .setLabel(label)
        .build();
  }
}
