package dev.gengap.learning.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.Pair;
import dev.gengap.proto.v1.Initialization;

/**
 * How the paper's networks draw their weights. Every draw comes from the engine's generator, which
 * the training session seeds from the run's seed right before initializing.
 */
public final class Initializations {

  /**
   * The paper's TensorFlow code (the CIFAR-10 tutorial's AlexNet): truncated normals with std 0.05
   * for convolution kernels and 0.04 for dense weights.
   */
  static final float CONV_STD = 0.05f;

  static final float DENSE_STD = 0.04f;

  private Initializations() {}

  /**
   * Sets the initializers of an uninitialized block. DJL_DEFAULT leaves DJL's own (He-normal
   * weights, zero biases, BatchNorm γ 1 β 0); biases stay 0 with every choice.
   */
  public static void apply(Block block, Initialization initialization) {
    switch (initialization) {
      case INITIALIZATION_DJL_DEFAULT -> {}
      case INITIALIZATION_TRUNCATED_NORMAL -> truncatedNormal(block);
      case INITIALIZATION_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException(
              "model.initialization: must be resolved to a known initialization, was "
                  + initialization);
    }
  }

  private static void truncatedNormal(Block block) {
    if (block instanceof Convolution) {
      block.setInitializer(new TruncatedNormalInitializer(CONV_STD), Parameter.Type.WEIGHT);
    } else if (block instanceof Linear) {
      block.setInitializer(new TruncatedNormalInitializer(DENSE_STD), Parameter.Type.WEIGHT);
    }
    for (Pair<String, Block> child : block.getChildren()) {
      truncatedNormal(child.getValue());
    }
  }
}
