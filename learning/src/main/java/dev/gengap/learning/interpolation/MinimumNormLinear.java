package dev.gengap.learning.interpolation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The minimum-norm interpolant of an under-determined linear least-squares problem, W = Xᵀ(XXᵀ)⁻¹Y
 * (Section 5, Eq. 3): among all W with XW = Y, the one of least Frobenius norm.
 */
public final class MinimumNormLinear {

  private MinimumNormLinear() {}

  /**
   * W (d × classes) for the examples' one-hot targets.
   *
   * @throws ArithmeticException XXᵀ is singular (two examples linearly dependent, n > d)
   */
  public static DMatrixRMaj solve(Examples train) {
    DMatrixRMaj x = train.features();
    if (x.numRows > x.numCols) {
      throw new IllegalArgumentException(
          "train: n = " + x.numRows + " > d = " + x.numCols + " is not under-determined");
    }
    DMatrixRMaj gram = new DMatrixRMaj(x.numRows, x.numRows);
    CommonOps_MT_DDRM.multTransB(x, x, gram);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(x.numRows);
    if (!solver.setA(solver.modifiesA() ? gram.copy() : gram)) {
      solver = LinearSolverFactory_DDRM.lu(x.numRows);
      if (!solver.setA(gram)) {
        throw new ArithmeticException("XXᵀ is singular: the examples are linearly dependent");
      }
    }
    DMatrixRMaj y = train.oneHot();
    DMatrixRMaj c = new DMatrixRMaj(x.numRows, train.classes());
    solver.solve(y, c);
    DMatrixRMaj w = new DMatrixRMaj(x.numCols, train.classes());
    CommonOps_MT_DDRM.multTransA(x, c, w);
    return w;
  }

  /** Scores XW of a linear model W. */
  public static DMatrixRMaj scores(DMatrixRMaj weights, DMatrixRMaj features) {
    DMatrixRMaj scores = new DMatrixRMaj(features.numRows, weights.numCols);
    CommonOps_MT_DDRM.mult(features, weights, scores);
    return scores;
  }

  /** ‖a − b‖_F / ‖b‖_F. */
  public static double relativeDistance(DMatrixRMaj a, DMatrixRMaj b) {
    DMatrixRMaj difference = new DMatrixRMaj(a.numRows, a.numCols);
    CommonOps_DDRM.subtract(a, b, difference);
    return org.ejml.dense.row.NormOps_DDRM.normF(difference)
        / org.ejml.dense.row.NormOps_DDRM.normF(b);
  }
}
