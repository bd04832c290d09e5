package dev.gengap.learning.interpolation;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_MT_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Table 3's kernel "machine": solves (K + λI) α = Y exactly for the training set's Gaussian kernel
 * K and one-hot targets Y, in float64 — Cholesky (EJML's blocked, multithreaded one), falling back
 * to LU when K + λI is not numerically positive definite — and predicts argmax k(x, X) α.
 *
 * @param train the training examples the kernel is centred on
 * @param kernel the kernel
 * @param alpha the coefficients, one row per training example, one column per class
 */
public record KernelInterpolation(Examples train, RbfKernel kernel, DMatrixRMaj alpha) {

  private static final int EIGEN_ITERATIONS = 30;
  private static final int PREDICTION_BLOCK = 1024;

  /** What a fit measured; the training loss is the mean ½‖Kα − y‖² (≈ 0 when λ = 0). */
  public record Fit(
      KernelInterpolation model,
      String solver,
      double solveSeconds,
      double trainAccuracy,
      double trainLoss,
      double rkhsNorm,
      double conditionEstimate) {}

  /**
   * Bytes a fit on {@code n} examples of dimension {@code d} with {@code classes} classes needs:
   * the n × n kernel twice (the solver factors a copy, so K stays for the checks), the examples,
   * and the targets and coefficients.
   */
  public static long requiredBytes(long n, long d, long classes) {
    return Double.BYTES * (2 * n * n + n * d + 3 * n * classes);
  }

  /**
   * Fails at once, before any work, when a fit cannot fit into {@code availableBytes}.
   *
   * @throws InsufficientMemoryException saying how much the fit needs
   */
  public static void checkMemory(long n, long d, long classes, long availableBytes) {
    long needed = requiredBytes(n, d, classes);
    if (needed > availableBytes) {
      throw new InsufficientMemoryException(
          String.format(
              Locale.ROOT,
              "kernel interpolation on n = %,d examples of dimension %,d needs %s (two %,d × %,d"
                  + " float64 matrices and the examples); %s are available",
              n,
              d,
              size(needed),
              n,
              n,
              size(availableBytes)));
    }
  }

  /** Solves for α; {@code ridge} λ ≥ 0 (0 = exact interpolation). */
  public static Fit fit(Examples train, RbfKernel kernel, double ridge) {
    if (!(ridge >= 0 && Double.isFinite(ridge))) {
      throw new IllegalArgumentException("ridge: must be ≥ 0, was " + ridge);
    }
    int n = train.size();
    DMatrixRMaj k = kernel.matrix(train.features(), train.features());
    double largest = largestEigenvalue(k) + ridge;
    addToDiagonal(k, ridge);

    long start = System.nanoTime();
    DMatrixRMaj y = train.oneHot();
    DMatrixRMaj alpha = new DMatrixRMaj(n, train.classes());
    String solverName = "cholesky";
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_MT_DDRM.chol(n);
    if (!solved(solver, k, y, alpha)) {
      solverName = "lu";
      solver = LinearSolverFactory_DDRM.lu(n);
      if (!solved(solver, k, y, alpha)) {
        throw new ArithmeticException(
            "kernel matrix is numerically singular (Cholesky and LU both failed, e.g. two identical"
                + " inputs): set a ridge > 0");
      }
    }
    double solveSeconds = (System.nanoTime() - start) / 1e9;
    double smallest = smallestEigenvalue(solver, n);

    // Training predictions use the kernel without the ridge: K α.
    addToDiagonal(k, -ridge);
    DMatrixRMaj fitted = new DMatrixRMaj(n, train.classes());
    CommonOps_MT_DDRM.mult(k, alpha, fitted);
    double quadratic = 0; // tr(αᵀ K α), the sum of α ∘ Kα
    for (int i = 0; i < alpha.data.length; i++) {
      quadratic += alpha.data[i] * fitted.data[i];
    }
    return new Fit(
        new KernelInterpolation(train, kernel, alpha),
        solverName,
        solveSeconds,
        train.accuracy(fitted),
        train.squaredLoss(fitted),
        Math.sqrt(Math.max(0, quadratic)),
        largest / smallest);
  }

  /** Factors {@code a} and solves for {@code x}; false if the factorization failed. */
  private static boolean solved(
      LinearSolverDense<DMatrixRMaj> solver, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj x) {
    if (!solver.setA(solver.modifiesA() ? a.copy() : a)) {
      return false;
    }
    solver.solve(solver.modifiesB() ? b.copy() : b, x);
    // A zero pivot can pass the factorization and show up as infinities in the solution.
    for (double v : x.data) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Scores k(x, X) α for each row x of {@code queries}, a block of rows at a time. */
  public DMatrixRMaj scores(DMatrixRMaj queries) {
    DMatrixRMaj scores = new DMatrixRMaj(queries.numRows, alpha.numCols);
    DMatrixRMaj block = new DMatrixRMaj(1, queries.numCols);
    DMatrixRMaj blockScores = new DMatrixRMaj(1, alpha.numCols);
    for (int from = 0; from < queries.numRows; from += PREDICTION_BLOCK) {
      int to = Math.min(queries.numRows, from + PREDICTION_BLOCK);
      block.reshape(to - from, queries.numCols);
      CommonOps_DDRM.extract(queries, from, to, 0, queries.numCols, block, 0, 0);
      blockScores.reshape(to - from, alpha.numCols);
      CommonOps_MT_DDRM.mult(kernel.matrix(block, train.features()), alpha, blockScores);
      CommonOps_DDRM.insert(blockScores, scores, from, 0);
    }
    return scores;
  }

  /** Power iteration; K has positive entries, so it converges to the Perron eigenvalue. */
  private static double largestEigenvalue(DMatrixRMaj k) {
    DMatrixRMaj v = new DMatrixRMaj(k.numRows, 1);
    CommonOps_DDRM.fill(v, 1 / Math.sqrt(k.numRows));
    DMatrixRMaj next = new DMatrixRMaj(k.numRows, 1);
    double eigenvalue = 0;
    for (int i = 0; i < EIGEN_ITERATIONS; i++) {
      CommonOps_MT_DDRM.mult(k, v, next);
      eigenvalue = NormOps_DDRM.normF(next);
      CommonOps_DDRM.scale(1 / eigenvalue, next, v);
    }
    return eigenvalue;
  }

  /** Inverse iteration with the factored solver: 1 / the largest eigenvalue of (K + λI)⁻¹. */
  private static double smallestEigenvalue(LinearSolverDense<DMatrixRMaj> solver, int n) {
    SplittableRandom random = new SplittableRandom(0);
    DMatrixRMaj v = new DMatrixRMaj(n, 1);
    for (int i = 0; i < n; i++) {
      v.data[i] = random.nextDouble() - 0.5;
    }
    CommonOps_DDRM.scale(1 / NormOps_DDRM.normF(v), v);
    DMatrixRMaj next = new DMatrixRMaj(n, 1);
    double inverseEigenvalue = 0;
    for (int i = 0; i < EIGEN_ITERATIONS; i++) {
      solver.solve(solver.modifiesB() ? v.copy() : v, next);
      inverseEigenvalue = NormOps_DDRM.normF(next);
      CommonOps_DDRM.scale(1 / inverseEigenvalue, next, v);
    }
    return 1 / inverseEigenvalue;
  }

  private static void addToDiagonal(DMatrixRMaj k, double value) {
    if (value != 0) {
      for (int i = 0; i < k.numRows; i++) {
        k.unsafe_set(i, i, k.unsafe_get(i, i) + value);
      }
    }
  }

  /** "6.4 GiB", or "12.5 MiB" below a GiB. */
  static String size(long bytes) {
    return bytes >= 1L << 30
        ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }
}
