package dev.gengap.learning.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * Local response normalization across channels, as TensorFlow's {@code tf.nn.lrn}: {@code out = x /
 * (bias + alpha · Σ x²)^beta}, the sum over the 2·radius + 1 channels centred on each channel (zero
 * beyond the edges). TensorFlow does not divide alpha by the window size; neither do we.
 *
 * <p>DJL has no LRN block, so this one is built from NDArray operations that both the MXNet and the
 * PyTorch engine support (pad by concatenating zeros, add shifted channel slices), which also gives
 * the gradient for free. It has no parameters.
 */
public final class LocalResponseNormalization {

  /** The paper's AlexNet setting: TensorFlow's cifar10 tutorial, depth_radius 4. */
  public static final int PAPER_RADIUS = 4;

  public static final float PAPER_BIAS = 1f;
  public static final float PAPER_ALPHA = 0.001f / 9f;
  public static final float PAPER_BETA = 0.75f;

  private LocalResponseNormalization() {}

  /** The paper's LRN as a block. */
  public static Block paperBlock() {
    return block(PAPER_RADIUS, PAPER_BIAS, PAPER_ALPHA, PAPER_BETA);
  }

  public static Block block(int radius, float bias, float alpha, float beta) {
    return LambdaBlock.singleton(x -> apply(x, radius, bias, alpha, beta), "lrn");
  }

  /** Normalizes an (N, C, H, W) array across its channel axis. */
  public static NDArray apply(NDArray x, int radius, float bias, float alpha, float beta) {
    Shape shape = x.getShape();
    long channels = shape.get(1);
    NDArray squared = x.square();
    NDArray edge =
        x.getManager().zeros(new Shape(shape.get(0), radius, shape.get(2), shape.get(3)));
    NDArray padded = NDArrays.concat(new NDList(edge, squared, edge), 1);
    NDArray windowSum = padded.get(channelSlice(0, channels));
    for (int offset = 1; offset <= 2 * radius; offset++) {
      windowSum = windowSum.add(padded.get(channelSlice(offset, channels)));
    }
    return x.div(windowSum.mul(alpha).add(bias).pow(beta));
  }

  private static NDIndex channelSlice(long start, long channels) {
    return new NDIndex(":, {}:{}", start, start + channels);
  }
}
