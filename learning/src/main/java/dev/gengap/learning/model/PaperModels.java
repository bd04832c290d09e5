package dev.gengap.learning.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.spec.ModelRules;

/** Builds the paper's networks (DESIGN.md §1) and counts their parameters the paper's way. */
public final class PaperModels {

  /** CIFAR-10 classes. */
  public static final int CLASSES = 10;

  /**
   * Rows and columns of one preprocessed image (CIFAR-10 center- or random-cropped, MNIST-format
   * whole); its channels come from the data set.
   */
  public static final long SIDE = 28;

  private PaperModels() {}

  /**
   * A fresh, uninitialized network. {@code normalization} matters for models whose {@link
   * ModelRules#hasBatchNorm} holds; the others reject {@link Normalization#BATCH_NORM}. {@code
   * dropoutRate} in [0, 1) places dropout as DESIGN.md §1 says (0 = none); it adds no parameters.
   */
  public static Block build(ModelKind kind, Normalization normalization, double dropoutRate) {
    if (!(dropoutRate >= 0 && dropoutRate < 1)) {
      throw new IllegalArgumentException("recipe.dropout: must be in [0, 1), was " + dropoutRate);
    }
    if (normalization == Normalization.BATCH_NORM && !ModelRules.of(kind).hasBatchNorm()) {
      throw new IllegalArgumentException("model.batch_norm: " + kind + " has no BatchNorm");
    }
    return switch (kind) {
      case MODEL_KIND_MLP_1X512 -> Mlp.oneHidden(dropoutRate);
      case MODEL_KIND_MLP_3X512 -> Mlp.threeHidden(dropoutRate);
      case MODEL_KIND_INCEPTION_SMALL -> InceptionSmall.build(normalization, dropoutRate);
      case MODEL_KIND_ALEXNET_SMALL -> AlexNetSmall.build(dropoutRate);
      case MODEL_KIND_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException("model.kind: must be a known model, was " + kind);
    };
  }

  /**
   * Weights and biases of the convolutions and dense layers of an initialized block, the paper's
   * convention: BatchNorm's scale, shift and running statistics are not counted.
   */
  public static long parameterCount(Block initialized) {
    return initialized.getParameters().values().stream()
        .filter(p -> p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.BIAS)
        .mapToLong(p -> p.getArray().getShape().size())
        .sum();
  }
}
