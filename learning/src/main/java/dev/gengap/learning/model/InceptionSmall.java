package dev.gengap.learning.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The paper's small Inception (its Figure 3): Conv(3×3, 96) → Inc(32,32) → Inc(32,48) → Down(80) →
 * Inc(112,48) → Inc(96,64) → Inc(80,80) → Inc(48,96) → Down(96) → Inc(176,160) → Inc(176,160) →
 * global mean pool (7×7) → Dense 10; 1,649,402 parameters with or without BatchNorm.
 */
public final class InceptionSmall {

  private InceptionSmall() {}

  /** With dropout at {@code dropoutRate} before the final dense layer (0 = none). */
  public static SequentialBlock build(Normalization normalization, double dropoutRate) {
    SequentialBlock net =
        new SequentialBlock()
            .add(convModule(3, 96, 1, normalization))
            .add(inception(32, 32, normalization))
            .add(inception(32, 48, normalization))
            .add(downsample(80, normalization))
            .add(inception(112, 48, normalization))
            .add(inception(96, 64, normalization))
            .add(inception(80, 80, normalization))
            .add(inception(48, 96, normalization))
            .add(downsample(96, normalization))
            .add(inception(176, 160, normalization))
            .add(inception(176, 160, normalization))
            .add(Pool.globalAvgPool2dBlock());
    Mlp.addDropout(net, dropoutRate);
    return net.add(Mlp.dense(PaperModels.CLASSES));
  }

  /** Conv (SAME) → [BatchNorm] → ReLU. */
  static SequentialBlock convModule(
      int kernel, int filters, int stride, Normalization normalization) {
    SequentialBlock module = new SequentialBlock().add(Convolutions.conv(kernel, filters, stride));
    switch (normalization) {
      case BATCH_NORM -> module.add(BatchNorm.builder().build());
      case NONE -> {}
    }
    return module.add(Activation.reluBlock());
  }

  /** Inc(a, b): concat[conv 1×1 a, conv 3×3 b] on the channel axis; a + b channels out. */
  static ParallelBlock inception(int ones, int threes, Normalization normalization) {
    return concatenated(
        convModule(1, ones, 1, normalization), convModule(3, threes, 1, normalization));
  }

  /** Down(c): concat[conv 3×3 c stride 2, maxpool 3×3 stride 2]; halves the image. */
  static ParallelBlock downsample(int filters, Normalization normalization) {
    return concatenated(convModule(3, filters, 2, normalization), Convolutions.maxPool(3, 2));
  }

  private static ParallelBlock concatenated(Block first, Block second) {
    return new ParallelBlock(
        outputs ->
            new NDList(
                NDArrays.concat(new NDList(outputs.get(0).head(), outputs.get(1).head()), 1)),
        List.of(first, second));
  }
}
