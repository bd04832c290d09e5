package dev.gengap.dataset.preprocess;

import dev.gengap.dataset.cifar.Cifar10;

/**
 * The paper's preprocessing of one image: crop to 28×28, divide by 255, then TensorFlow's {@code
 * per_image_standardization}: {@code (x − mean) / max(std, 1/sqrt(N))} over all N = 2352 values,
 * population std. Hot path: integer sums, no boxing, writes into a caller's array.
 */
public final class Whitening {
  private static final int N = Crop.VALUES;
  private static final double MIN_STD = 1 / Math.sqrt(N);

  private Whitening() {}

  /**
   * Writes the whitened crop of the image at {@code imageOffset} of {@code images} (CIFAR-10
   * layout) into {@code out[outOffset .. outOffset + 2352)}, CHW order.
   */
  public static void cropAndWhiten(
      byte[] images, int imageOffset, Crop crop, float[] out, int outOffset) {
    long sum = 0;
    long sumSquares = 0;
    for (int c = 0; c < Cifar10.CHANNELS; c++) {
      int rowStart = imageOffset + c * Cifar10.PLANE + crop.top() * Cifar10.SIDE + crop.left();
      for (int y = 0; y < Crop.SIDE; y++, rowStart += Cifar10.SIDE) {
        for (int x = 0; x < Crop.SIDE; x++) {
          int v = images[rowStart + x] & 0xFF;
          sum += v;
          sumSquares += v * v;
        }
      }
    }
    // Exact in pixel units: variance·N² = N·Σv² − (Σv)².
    double variance = (double) (N * sumSquares - sum * sum) / ((double) N * N);
    double divisor = Math.max(Math.sqrt(variance) / 255, MIN_STD);
    // (v/255 − mean)/divisor = (N·v − Σv) · 1/(N·255·divisor). The integer N·v − Σv is exact
    // (|·| < 2^24, so exact as a float too); subtracting a float mean instead loses ~1e-3 on
    // near-constant images, where the divisor is the 1/sqrt(N) floor.
    int total = (int) sum;
    float factor = (float) (1 / (N * 255 * divisor));
    int o = outOffset;
    for (int c = 0; c < Cifar10.CHANNELS; c++) {
      int rowStart = imageOffset + c * Cifar10.PLANE + crop.top() * Cifar10.SIDE + crop.left();
      for (int y = 0; y < Crop.SIDE; y++, rowStart += Cifar10.SIDE) {
        for (int x = 0; x < Crop.SIDE; x++) {
          out[o++] = ((images[rowStart + x] & 0xFF) * N - total) * factor;
        }
      }
    }
  }
}
