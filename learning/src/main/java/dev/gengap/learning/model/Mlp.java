package dev.gengap.learning.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/** The paper's multilayer perceptrons: 2352 → depth × [Dense 512 → ReLU] → Dense 10. */
public final class Mlp {

  static final int HIDDEN_UNITS = 512;

  private Mlp() {}

  /** {@code MLP_1X512}: 1,209,866 parameters. */
  public static SequentialBlock oneHidden(double dropoutRate) {
    return withHiddenLayers(1, dropoutRate);
  }

  /** {@code MLP_3X512}: 1,735,178 parameters. */
  public static SequentialBlock threeHidden(double dropoutRate) {
    return withHiddenLayers(3, dropoutRate);
  }

  static SequentialBlock withHiddenLayers(int depth, double dropoutRate) {
    SequentialBlock mlp = new SequentialBlock().add(Blocks.batchFlattenBlock());
    for (int i = 0; i < depth; i++) {
      mlp.add(dense(HIDDEN_UNITS)).add(Activation.reluBlock());
      addDropout(mlp, dropoutRate);
    }
    return mlp.add(dense(PaperModels.CLASSES));
  }

  static Linear dense(int units) {
    return Linear.builder().setUnits(units).build();
  }

  /**
   * Appends dropout at {@code rate} (active in train mode only); nothing at rate 0, so a model
   * without dropout keeps the block layout of its existing checkpoints.
   */
  static void addDropout(SequentialBlock block, double rate) {
    if (rate > 0) {
      block.add(Dropout.builder().optRate((float) rate).build());
    }
  }
}
