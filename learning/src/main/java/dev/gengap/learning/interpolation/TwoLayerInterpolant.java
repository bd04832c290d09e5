package dev.gengap.learning.interpolation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Theorem 1's network: c(x) = Σⱼ wⱼ max(⟨a, x⟩ − bⱼ, 0), a two-layer ReLU network with exactly 2n +
 * d weights (a ∈ ℝᵈ, b, w ∈ ℝⁿ) that takes the value yᵢ at each of the n training points.
 *
 * <p>Construction (the paper's Lemma 1 proof): a is a random Gaussian direction, so the projections
 * zᵢ = ⟨a, xᵢ⟩ are distinct; sorted, z₁ < … < zₙ, the biases interleave them, b₁ < z₁ < b₂ < … < bₙ
 * < zₙ, so the matrix Aᵢⱼ = max(zᵢ − bⱼ, 0) is lower triangular with a positive diagonal, and w
 * solves A w = y by forward substitution. All in float64.
 *
 * <p>A class label becomes the network's single output as its index: the target of an example of
 * class k is the number k, and a prediction is c(x) rounded to the nearest class index (clipped to
 * 0..classes−1).
 */
public record TwoLayerInterpolant(double[] projection, double[] biases, double[] outputWeights) {

  /** Builds the network for {@code train}'s labels, drawing a from {@code seed}. */
  public static TwoLayerInterpolant fit(Examples train, long seed) {
    int n = train.size();
    int d = train.dimension();
    SplittableRandom random = new SplittableRandom(seed);
    double[] a = new double[d];
    for (int j = 0; j < d; j++) {
      a[j] = gaussian(random);
    }
    double[] z = project(a, train.features());
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> z[i]));
    double[] sorted = new double[n];
    double[] targets = new double[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = z[order[i]];
      targets[i] = train.labels()[order[i]];
      if (i > 0 && !(sorted[i] > sorted[i - 1])) {
        throw new ArithmeticException(
            "examples "
                + order[i - 1]
                + " and "
                + order[i]
                + " have the same projection: identical inputs cannot take different labels");
      }
    }
    double[] b = new double[n];
    b[0] = n == 1 ? sorted[0] - 1 : sorted[0] - (sorted[1] - sorted[0]);
    for (int i = 1; i < n; i++) {
      b[i] = (sorted[i - 1] + sorted[i]) / 2;
    }
    // Forward substitution, row i: Σ_{j<i} (zᵢ − bⱼ) wⱼ + (zᵢ − bᵢ) wᵢ = yᵢ.
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < i; j++) {
        sum += (sorted[i] - b[j]) * w[j];
      }
      w[i] = (targets[i] - sum) / (sorted[i] - b[i]);
    }
    return new TwoLayerInterpolant(a, b, w);
  }

  /** 2n + d. */
  public long weightCount() {
    return (long) projection.length + biases.length + outputWeights.length;
  }

  /** The largest |weight| over a, b and w. */
  public double largestWeight() {
    double largest = 0;
    for (double[] part : new double[][] {projection, biases, outputWeights}) {
      for (double v : part) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    return largest;
  }

  /** c(x) for each row x. */
  public double[] outputs(DMatrixRMaj features) {
    double[] z = project(projection, features);
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      double sum = 0;
      for (int j = 0; j < biases.length; j++) {
        sum += outputWeights[j] * Math.max(z[i] - biases[j], 0);
      }
      out[i] = sum;
    }
    return out;
  }

  /** The predicted class of each row: c(x) rounded, clipped to 0..classes−1. */
  public int[] predict(DMatrixRMaj features, int classes) {
    double[] out = outputs(features);
    int[] predicted = new int[out.length];
    for (int i = 0; i < out.length; i++) {
      predicted[i] = (int) Math.max(0, Math.min(classes - 1, Math.round(out[i])));
    }
    return predicted;
  }

  /** Fraction of {@code examples} predicted right. */
  public double accuracy(Examples examples) {
    int[] predicted = predict(examples.features(), examples.classes());
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == examples.labels()[i]) {
        correct++;
      }
    }
    return predicted.length == 0 ? 0 : (double) correct / predicted.length;
  }

  private static double[] project(double[] a, DMatrixRMaj features) {
    double[] z = new double[features.numRows];
    for (int i = 0; i < features.numRows; i++) {
      double sum = 0;
      int row = i * features.numCols;
      for (int j = 0; j < features.numCols; j++) {
        sum += a[j] * features.data[row + j];
      }
      z[i] = sum;
    }
    return z;
  }

  /** A standard normal draw (Box–Muller), so the direction depends on the seed alone. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
