package dev.gengap.learning.interpolation;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Small random data sets: pixels uniform in [0, 1], class-dependent mean so labels are learnable.
 */
final class Synthetic {
  private Synthetic() {}

  static Examples examples(int n, int d, int classes, long seed, boolean randomLabels) {
    SplittableRandom random = new SplittableRandom(seed);
    DMatrixRMaj x = new DMatrixRMaj(n, d);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(classes);
      for (int j = 0; j < d; j++) {
        // The first `classes` pixels carry the class: brighter at the label's position.
        double signal = j == label ? 0.5 : 0;
        x.unsafe_set(i, j, Math.min(1, 0.5 * random.nextDouble() + signal));
      }
      labels[i] = randomLabels ? random.nextInt(classes) : label;
    }
    return new Examples(x, labels, classes);
  }
}
