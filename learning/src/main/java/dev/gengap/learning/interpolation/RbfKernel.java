package dev.gengap.learning.interpolation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/** The Gaussian (RBF) kernel k(x, x') = exp(−γ‖x − x'‖²). */
public record RbfKernel(double gamma) {

  public RbfKernel {
    if (!(gamma > 0 && Double.isFinite(gamma))) {
      throw new IllegalArgumentException("gamma: must be > 0, was " + gamma);
    }
  }

  /** K with K[i][j] = k(a_i, b_j), from ‖a‖² + ‖b‖² − 2 a·b with one multithreaded product. */
  public DMatrixRMaj matrix(DMatrixRMaj a, DMatrixRMaj b) {
    DMatrixRMaj k = new DMatrixRMaj(a.numRows, b.numRows);
    CommonOps_MT_DDRM.multTransB(a, b, k);
    double[] aNorms = squaredRowNorms(a);
    double[] bNorms = a == b ? aNorms : squaredRowNorms(b);
    double[] data = k.data;
    for (int i = 0; i < a.numRows; i++) {
      int row = i * b.numRows;
      for (int j = 0; j < b.numRows; j++) {
        // Rounding can make a tiny squared distance negative; the distance is ≥ 0.
        double squaredDistance = Math.max(0, aNorms[i] + bNorms[j] - 2 * data[row + j]);
        data[row + j] = Math.exp(-gamma * squaredDistance);
      }
    }
    return k;
  }

  private static double[] squaredRowNorms(DMatrixRMaj m) {
    double[] norms = new double[m.numRows];
    for (int i = 0; i < m.numRows; i++) {
      double sum = 0;
      for (int j = 0; j < m.numCols; j++) {
        double v = m.unsafe_get(i, j);
        sum += v * v;
      }
      norms[i] = sum;
    }
    return norms;
  }
}
