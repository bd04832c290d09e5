package dev.gengap.learning.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;

/**
 * The paper's small AlexNet: 2 × [conv 5×5 64 (SAME) → ReLU → maxpool 3×3 s2 → LRN] → Dense 384 →
 * ReLU → Dense 192 → ReLU → Dense 10; 1,387,786 parameters.
 */
public final class AlexNetSmall {

  static final int FILTERS = 64;

  private AlexNetSmall() {}

  /** With dropout at {@code dropoutRate} after each hidden dense layer's ReLU (0 = none). */
  public static SequentialBlock build(double dropoutRate) {
    SequentialBlock net =
        new SequentialBlock().add(convLayer()).add(convLayer()).add(Blocks.batchFlattenBlock());
    for (int units : new int[] {384, 192}) {
      net.add(Mlp.dense(units)).add(Activation.reluBlock());
      Mlp.addDropout(net, dropoutRate);
    }
    return net.add(Mlp.dense(PaperModels.CLASSES));
  }

  /** Halves the image: 28 → 14 → 7, so the first dense layer sees 64 · 7 · 7 = 3136 values. */
  static SequentialBlock convLayer() {
    return new SequentialBlock()
        .add(Convolutions.conv(5, FILTERS, 1))
        .add(Activation.reluBlock())
        .add(Convolutions.maxPool(3, 2))
        .add(LocalResponseNormalization.paperBlock());
  }
}
