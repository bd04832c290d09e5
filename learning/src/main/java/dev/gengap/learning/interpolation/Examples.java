package dev.gengap.learning.interpolation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * Labelled examples as the closed-form models read them: one row of {@code features} per example
 * (raw pixels scaled to [0, 1], no crop, no whitening), {@code labels[i]} in {@code 0..classes-1}.
 */
public record Examples(DMatrixRMaj features, int[] labels, int classes) {

  public Examples {
    if (features.numRows != labels.length) {
      throw new IllegalArgumentException(
          "labels: " + labels.length + " labels for " + features.numRows + " examples");
    }
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "labels: must be in 0.." + (classes - 1) + ", was " + label);
      }
    }
  }

  public int size() {
    return features.numRows;
  }

  public int dimension() {
    return features.numCols;
  }

  /** The targets Y: row i is the one-hot vector of label i. */
  public DMatrixRMaj oneHot() {
    DMatrixRMaj y = new DMatrixRMaj(size(), classes);
    for (int i = 0; i < labels.length; i++) {
      y.unsafe_set(i, labels[i], 1);
    }
    return y;
  }

  /** The fraction of rows of {@code scores} whose largest entry sits at the example's label. */
  public double accuracy(DMatrixRMaj scores) {
    int[] predicted = argmaxRows(scores);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == labels[i]) {
        correct++;
      }
    }
    return labels.length == 0 ? 0 : (double) correct / labels.length;
  }

  /** Mean over examples of ½‖f(x) − y‖², y the one-hot target: the linear and kernel loss. */
  public double squaredLoss(DMatrixRMaj scores) {
    DMatrixRMaj residual = scores.copy();
    CommonOps_DDRM.subtractEquals(residual, oneHot());
    double norm = NormOps_DDRM.normF(residual);
    return labels.length == 0 ? 0 : 0.5 * norm * norm / labels.length;
  }

  /** Per row, the column of the largest entry (the first one on ties). */
  static int[] argmaxRows(DMatrixRMaj scores) {
    int[] best = new int[scores.numRows];
    for (int i = 0; i < scores.numRows; i++) {
      for (int j = 1; j < scores.numCols; j++) {
        if (scores.unsafe_get(i, j) > scores.unsafe_get(i, best[i])) {
          best[i] = j;
        }
      }
    }
    return best;
  }
}
