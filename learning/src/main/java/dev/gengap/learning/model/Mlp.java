package dev.gengap.learning.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** The paper's multilayer perceptrons: 2352 → depth × [Dense 512 → ReLU] → Dense 10. */
public final class Mlp {

  static final int HIDDEN_UNITS = 512;

  private Mlp() {}

  /** {@code MLP_1X512}: 1,209,866 parameters. */
  public static SequentialBlock oneHidden() {
    return withHiddenLayers(1);
  }

  /** {@code MLP_3X512}: 1,735,178 parameters. */
  public static SequentialBlock threeHidden() {
    return withHiddenLayers(3);
  }

  static SequentialBlock withHiddenLayers(int depth) {
    SequentialBlock mlp = new SequentialBlock().add(Blocks.batchFlattenBlock());
    for (int i = 0; i < depth; i++) {
      mlp.add(dense(HIDDEN_UNITS)).add(Activation.reluBlock());
    }
    return mlp.add(dense(PaperModels.CLASSES));
  }

  static Linear dense(int units) {
    return Linear.builder().setUnits(units).build();
  }
}
