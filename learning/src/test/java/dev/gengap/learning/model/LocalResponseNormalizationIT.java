package dev.gengap.learning.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalResponseNormalizationIT {

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void matchesTensorFlowsDefinitionElementByElement(String engine) {
    int n = 2;
    int channels = 12;
    int side = 3;
    float[] x = new float[n * channels * side * side];
    Random random = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (random.nextGaussian() * 5);
    }
    float[] expected = reference(x, n, channels, side, 4, 1f, 0.001f / 9f, 0.75f);

    try (NDManager manager = NDManager.newBaseManager(engine)) {
      NDArray input = manager.create(x, new Shape(n, channels, side, side));
      float[] actual =
          LocalResponseNormalization.apply(
                  input,
                  LocalResponseNormalization.PAPER_RADIUS,
                  LocalResponseNormalization.PAPER_BIAS,
                  LocalResponseNormalization.PAPER_ALPHA,
                  LocalResponseNormalization.PAPER_BETA)
              .toFloatArray();
      assertThat(actual).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(actual).isNotEqualTo(x); // large inputs are visibly normalized
    }
  }

  /** tf.nn.lrn: x / (bias + alpha · Σ_{|c' − c| ≤ r} x[c']²)^beta, loops written out. */
  private static float[] reference(
      float[] x, int n, int channels, int side, int radius, float bias, float alpha, float beta) {
    int plane = side * side;
    float[] out = new float[x.length];
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < plane; p++) {
          double sum = 0;
          for (int d = Math.max(0, c - radius); d <= Math.min(channels - 1, c + radius); d++) {
            double v = x[(b * channels + d) * plane + p];
            sum += v * v;
          }
          int i = (b * channels + c) * plane + p;
          out[i] = (float) (x[i] / Math.pow(bias + alpha * sum, beta));
        }
      }
    }
    return out;
  }
}
