package dev.gengap.learning.interpolation;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * SGD from W = 0 on the bias-free linear least-squares model f(x) = Wᵀx, loss ½‖Wᵀx − y‖² per
 * example, one example per step in a seeded shuffle per epoch. Every step adds a multiple of an
 * example x to W's columns, so W stays in the span of the examples; if SGD reaches XW = Y it is the
 * minimum-norm interpolant (Section 5). The step size is {@code lr} / mean‖x‖², so lr = 1 is a
 * stable choice whatever the data's scale.
 */
public final class LinearSgd {

  /** One epoch's numbers; the accuracy is argmax Wᵀx against the labels, after the epoch. */
  public record Epoch(
      int epoch,
      long steps,
      double trainLoss,
      double trainAccuracy,
      double weightNorm,
      double relativeDistance) {}

  private final Examples train;
  private final DMatrixRMaj minimumNorm;
  private final double stepSize;
  private final DMatrixRMaj weights;
  private final SplittableRandom random;
  private final int[] order;
  private int epochs;
  private long steps;

  /**
   * @param minimumNorm the closed-form minimum-norm interpolant the distance is measured to
   * @param lr the step size in units of 1 / mean‖x‖², in (0, 2)
   */
  public LinearSgd(Examples train, DMatrixRMaj minimumNorm, double lr, long seed) {
    if (!(lr > 0 && lr < 2)) {
      throw new IllegalArgumentException("lr: must be in (0, 2), was " + lr);
    }
    this.train = train;
    this.minimumNorm = minimumNorm;
    double meanSquaredNorm = Math.pow(NormOps_DDRM.normF(train.features()), 2) / train.size();
    this.stepSize = lr / meanSquaredNorm;
    this.weights = new DMatrixRMaj(train.dimension(), train.classes());
    this.random = new SplittableRandom(seed);
    this.order = new int[train.size()];
  }

  /** Runs {@code epochs} epochs, handing each epoch's numbers to {@code perEpoch}. */
  public DMatrixRMaj run(int epochs, Consumer<Epoch> perEpoch) {
    for (int epoch = 1; epoch <= epochs; epoch++) {
      perEpoch.accept(nextEpoch());
    }
    return weights();
  }

  /** Runs one more epoch and returns its numbers. */
  public Epoch nextEpoch() {
    int d = train.dimension();
    int classes = train.classes();
    double[] x = train.features().data;
    double[] w = weights.data;
    double[] residual = new double[classes];
    shuffle(order);
    for (int i : order) {
      int row = i * d;
      for (int c = 0; c < classes; c++) {
        residual[c] = c == train.labels()[i] ? -1 : 0;
      }
      for (int j = 0; j < d; j++) {
        double xj = x[row + j];
        int wRow = j * classes;
        for (int c = 0; c < classes; c++) {
          residual[c] += xj * w[wRow + c];
        }
      }
      for (int j = 0; j < d; j++) {
        double step = stepSize * x[row + j];
        int wRow = j * classes;
        for (int c = 0; c < classes; c++) {
          w[wRow + c] -= step * residual[c];
        }
      }
      steps++;
    }
    epochs++;
    DMatrixRMaj scores = MinimumNormLinear.scores(weights, train.features());
    return new Epoch(
        epochs,
        steps,
        train.squaredLoss(scores),
        train.accuracy(scores),
        NormOps_DDRM.normF(weights),
        MinimumNormLinear.relativeDistance(weights, minimumNorm));
  }

  /** A copy of the current weights W (d × classes). */
  public DMatrixRMaj weights() {
    return weights.copy();
  }

  private void shuffle(int[] order) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
