package dev.gengap.learning.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/**
 * Square convolutions and max-pools with TensorFlow's SAME padding, which DJL lacks.
 *
 * <p>SAME means the output has ceil(input / stride) rows. DJL pads symmetrically, so we pad (kernel
 * − 1) / 2 on each side: for odd kernels at stride 1 that is exactly SAME; for the 3×3 stride-2
 * layers on even inputs (28 → 14 → 7) it gives the same output size, but the windows sit one pixel
 * earlier than TensorFlow's, which pads only after (0 before, 1 after).
 */
final class Convolutions {

  private Convolutions() {}

  static Block conv(int kernel, int filters, int stride) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .setFilters(filters)
        .optStride(new Shape(stride, stride))
        .optPadding(samePadding(kernel))
        .build();
  }

  static Block maxPool(int kernel, int stride) {
    return Pool.maxPool2dBlock(
        new Shape(kernel, kernel), new Shape(stride, stride), samePadding(kernel));
  }

  static Shape samePadding(int kernel) {
    if (kernel % 2 == 0) {
      throw new IllegalArgumentException("kernel: SAME padding needs an odd size, was " + kernel);
    }
    int pad = (kernel - 1) / 2;
    return new Shape(pad, pad);
  }
}
