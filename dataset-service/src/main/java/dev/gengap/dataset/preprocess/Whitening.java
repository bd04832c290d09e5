package dev.gengap.dataset.preprocess;

import dev.gengap.dataset.source.ImageShape;

/**
 * The paper's preprocessing of one image: crop to 28×28, divide by 255, then TensorFlow's {@code
 * per_image_standardization}: {@code (x − mean) / max(std, 1/sqrt(N))} over all N values of the
 * crop (2352 for CIFAR-10, 784 for MNIST-format images), population std. Hot path: integer sums, no
 * boxing, writes into a caller's array.
 */
public final class Whitening {

  private Whitening() {}

  /**
   * Writes the whitened crop of the image at {@code imageOffset} of {@code images} (laid out as
   * {@code shape}) into {@code out[outOffset .. outOffset + Crop.values(shape))}, CHW order.
   */
  public static void cropAndWhiten(
      byte[] images, ImageShape shape, int imageOffset, Crop crop, float[] out, int outOffset) {
    int n = Crop.values(shape);
    long sum = 0;
    long sumSquares = 0;
    for (int c = 0; c < shape.channels(); c++) {
      int rowStart = imageOffset + c * shape.plane() + crop.top() * shape.side() + crop.left();
      for (int y = 0; y < Crop.SIDE; y++, rowStart += shape.side()) {
        for (int x = 0; x < Crop.SIDE; x++) {
          int v = images[rowStart + x] & 0xFF;
          sum += v;
          sumSquares += v * v;
        }
      }
    }
    // Exact in pixel units: variance·N² = N·Σv² − (Σv)².
    double variance = (double) (n * sumSquares - sum * sum) / ((double) n * n);
    double divisor = Math.max(Math.sqrt(variance) / 255, 1 / Math.sqrt(n));
    // (v/255 − mean)/divisor = (N·v − Σv) · 1/(N·255·divisor). The integer N·v − Σv is exact
    // (|·| < 2^24, so exact as a float too); subtracting a float mean instead loses ~1e-3 on
    // near-constant images, where the divisor is the 1/sqrt(N) floor.
    int total = (int) sum;
    float factor = (float) (1 / (n * 255 * divisor));
    int o = outOffset;
    for (int c = 0; c < shape.channels(); c++) {
      int rowStart = imageOffset + c * shape.plane() + crop.top() * shape.side() + crop.left();
      for (int y = 0; y < Crop.SIDE; y++, rowStart += shape.side()) {
        for (int x = 0; x < Crop.SIDE; x++) {
          out[o++] = ((images[rowStart + x] & 0xFF) * n - total) * factor;
        }
      }
    }
  }
}
