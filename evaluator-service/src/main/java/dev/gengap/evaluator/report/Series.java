package dev.gengap.evaluator.report;

import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.store.RunRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Groups runs into the curves of Figure 1: one per model (BatchNorm included), split further by
 * every other axis that varies among the selected runs, so that no curve mixes runs that differ in
 * anything but their corruption. The name states the model and each varying axis.
 */
final class Series {

  /** An axis besides the model and the corruption, and how its value reads in a series name. */
  private record Axis(Function<RunSpec, Object> value, Function<RunSpec, String> label) {}

  private static final List<Axis> AXES =
      List.of(
          new Axis(
              s -> s.getData().getSeed(),
              s -> "seed " + Long.toUnsignedString(s.getData().getSeed())),
          new Axis(
              s -> s.getData().getTrainSubset(),
              s ->
                  s.getData().getTrainSubset() == 0
                      ? "all training images"
                      : "n=" + s.getData().getTrainSubset()),
          new Axis(
              s -> s.getData().getCorruptTestLabels(),
              s ->
                  s.getData().getCorruptTestLabels()
                      ? "test labels corrupted"
                      : "true test labels"),
          new Axis(
              s -> s.getRecipe().getWeightDecay(),
              s ->
                  s.getRecipe().getWeightDecay() > 0
                      ? "wd " + plain(s.getRecipe().getWeightDecay())
                      : "no wd"),
          new Axis(
              s -> s.getRecipe().getRandomCrop(),
              s -> s.getRecipe().getRandomCrop() ? "random crop" : "center crop"),
          new Axis(
              s -> s.getRecipe().getDropout(),
              s ->
                  s.getRecipe().getDropout() > 0
                      ? "dropout " + plain(s.getRecipe().getDropout())
                      : "no dropout"));

  private final List<Axis> varying;

  private Series(List<Axis> varying) {
    this.varying = varying;
  }

  /** The axes that vary among {@code runs}. */
  static Series of(List<RunRow> runs) {
    List<Axis> varying = new ArrayList<>();
    for (Axis axis : AXES) {
      if (runs.stream().map(r -> axis.value().apply(r.spec())).distinct().count() > 1) {
        varying.add(axis);
      }
    }
    return new Series(varying);
  }

  /** E.g. "MLP 1x512" or "Inception w/o BN, seed 2". */
  String nameOf(RunSpec spec) {
    StringBuilder name =
        new StringBuilder(modelName(spec.getModel().getKind(), spec.getModel().getBatchNorm()));
    for (Axis axis : varying) {
      name.append(", ").append(axis.label().apply(spec));
    }
    return name.toString();
  }

  /** The paper's names: "Inception", "Inception w/o BN", "AlexNet", "MLP 1x512", "MLP 3x512". */
  static String modelName(ModelKind model, boolean batchNorm) {
    return switch (model) {
      case MODEL_KIND_INCEPTION_SMALL -> batchNorm ? "Inception" : "Inception w/o BN";
      case MODEL_KIND_ALEXNET_SMALL -> "AlexNet";
      case MODEL_KIND_MLP_3X512 -> "MLP 3x512";
      case MODEL_KIND_MLP_1X512 -> "MLP 1x512";
      case MODEL_KIND_KERNEL_RBF -> "Gaussian kernel";
      case MODEL_KIND_LINEAR_LEAST_SQUARES -> "Linear (SGD)";
      case MODEL_KIND_THEOREM1_RELU -> "Theorem 1 ReLU";
      case MODEL_KIND_UNSPECIFIED, UNRECOGNIZED -> model.name();
    };
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
  }
}
