package dev.gengap.trainer.training;

import dev.gengap.learning.interpolation.Examples;
import dev.gengap.learning.interpolation.Interpolant;
import dev.gengap.learning.interpolation.KernelInterpolation;
import dev.gengap.learning.interpolation.LinearSgd;
import dev.gengap.learning.interpolation.MinimumNormLinear;
import dev.gengap.learning.interpolation.RbfKernel;
import dev.gengap.learning.interpolation.TwoLayerInterpolant;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.spec.ModelRules;
import dev.gengap.store.EpochMetrics;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.InterpolationFit;
import dev.gengap.store.InterpolationRepository;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.ejml.dense.row.NormOps_DDRM;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's branch for the interpolating run kinds (Sections 4 and 5): fits the model on the
 * run's whole training split (raw pixels in [0, 1]) in float64, checks what the paper claims of it,
 * and records an epoch row per fit (per SGD epoch for the linear model) and the fit's figures.
 *
 * <p>The claims are checked, not assumed: exact kernel interpolation (λ = 0) and Theorem 1's
 * network must classify every training example right, and the network must have 2n + d weights; a
 * fit that does not is an error and fails the run.
 */
final class InterpolationTrainer {
  private static final Logger log = LoggerFactory.getLogger(InterpolationTrainer.class);

  /** The engine a run row records for these kinds: EJML's dense float64 solvers, on the CPU. */
  static final String ENGINE = "EJML";

  private final EpochRepository epochs;
  private final InterpolationRepository fits;
  private final String workerId;

  InterpolationTrainer(EpochRepository epochs, InterpolationRepository fits, String workerId) {
    this.epochs = epochs;
    this.fits = fits;
    this.workerId = workerId;
  }

  /**
   * Fits run {@code runId}'s model to {@code train}; empty when the lease was lost or {@code
   * interrupted} stopped the linear model's SGD between epochs.
   */
  Optional<Interpolant> fit(long runId, RunSpec spec, Examples train, BooleanSupplier interrupted) {
    return switch (spec.getModel().getKind()) {
      case MODEL_KIND_KERNEL_RBF -> kernel(runId, spec, train);
      case MODEL_KIND_LINEAR_LEAST_SQUARES -> linear(runId, spec, train, interrupted);
      case MODEL_KIND_THEOREM1_RELU -> theorem1(runId, spec, train);
      case MODEL_KIND_MLP_1X512,
          MODEL_KIND_MLP_3X512,
          MODEL_KIND_INCEPTION_SMALL,
          MODEL_KIND_ALEXNET_SMALL,
          MODEL_KIND_UNSPECIFIED,
          UNRECOGNIZED ->
          throw new IllegalArgumentException(
              "model.kind: " + spec.getModel().getKind() + " is not an interpolating model");
    };
  }

  private Optional<Interpolant> kernel(long runId, RunSpec spec, Examples train) {
    double ridge = spec.getModel().getRidge();
    long start = System.nanoTime();
    KernelInterpolation.Fit fit =
        KernelInterpolation.fit(train, new RbfKernel(spec.getModel().getGamma()), ridge);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (ridge == 0 && fit.trainAccuracy() < 1) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "kernel interpolation did not interpolate: training accuracy %.4f with λ = 0"
                  + " (condition estimate %.3g)",
              fit.trainAccuracy(),
              fit.conditionEstimate()));
    }
    log.info(
        "event=kernel_fitted run={} n={} gamma={} ridge={} solver={} solve_s={} train_acc={}"
            + " rkhs_norm={} condition={}",
        runId,
        train.size(),
        spec.getModel().getGamma(),
        ridge,
        fit.solver(),
        format(fit.solveSeconds()),
        format(fit.trainAccuracy()),
        format(fit.rkhsNorm()),
        String.format(Locale.ROOT, "%.3g", fit.conditionEstimate()));
    boolean kept =
        record(runId, train, 1, 0, 0, fit.trainLoss(), fit.trainAccuracy(), seconds)
            && fits.recordFit(
                runId,
                workerId,
                InterpolationFit.kernel(
                    train.size(),
                    train.dimension(),
                    fit.solver(),
                    fit.solveSeconds(),
                    fit.trainAccuracy(),
                    fit.rkhsNorm(),
                    fit.conditionEstimate()));
    return kept
        ? Optional.of(
            new Interpolant.Kernel(
                1, spec.getModel().getGamma(), fit.model().alpha(), Interpolant.fingerprint(train)))
        : Optional.empty();
  }

  private Optional<Interpolant> linear(
      long runId, RunSpec spec, Examples train, BooleanSupplier interrupted) {
    long start = System.nanoTime();
    var minimumNorm = MinimumNormLinear.solve(train);
    LinearSgd sgd =
        new LinearSgd(train, minimumNorm, spec.getRecipe().getLr0(), spec.getData().getSeed());
    int maxEpochs = spec.getRecipe().getMaxEpochs();
    LinearSgd.Epoch last = null;
    for (int epoch = 1; epoch <= maxEpochs; epoch++) {
      if (interrupted.getAsBoolean()) {
        return Optional.empty();
      }
      long epochStart = System.nanoTime();
      last = sgd.nextEpoch();
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      if (!record(
              runId,
              train,
              epoch,
              last.steps(),
              spec.getRecipe().getLr0(),
              last.trainLoss(),
              last.trainAccuracy(),
              seconds)
          || !fits.recordSgdEpoch(
              runId, workerId, epoch, last.weightNorm(), last.relativeDistance())) {
        return Optional.empty();
      }
      log.info(
          "run={} epoch={} train_acc={} loss={} weight_norm={} relative_distance={}",
          runId,
          epoch,
          format(last.trainAccuracy()),
          String.format(Locale.ROOT, "%.3g", last.trainLoss()),
          format(last.weightNorm()),
          String.format(Locale.ROOT, "%.4g", last.relativeDistance()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean kept =
        fits.recordFit(
            runId,
            workerId,
            InterpolationFit.linear(
                train.size(),
                train.dimension(),
                seconds,
                last.trainAccuracy(),
                NormOps_DDRM.normF(minimumNorm)));
    return kept
        ? Optional.of(new Interpolant.Linear(maxEpochs, sgd.weights(), minimumNorm))
        : Optional.empty();
  }

  private Optional<Interpolant> theorem1(long runId, RunSpec spec, Examples train) {
    long start = System.nanoTime();
    TwoLayerInterpolant network = TwoLayerInterpolant.fit(train, spec.getData().getSeed());
    double seconds = (System.nanoTime() - start) / 1e9;
    Interpolant.Theorem1 model = new Interpolant.Theorem1(1, network);
    Interpolant.Measurement measured = model.measure(train, train);
    long expectedWeights =
        ModelRules.of(spec.getModel().getKind()).parameters().of(train.size(), train.dimension());
    if (network.weightCount() != expectedWeights || measured.accuracy() < 1) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "Theorem 1's construction failed: %d weights (2n + d = %d), training accuracy %.4f",
              network.weightCount(),
              expectedWeights,
              measured.accuracy()));
    }
    log.info(
        "event=theorem1_fitted run={} n={} d={} weights={} largest_weight={} seconds={}",
        runId,
        train.size(),
        train.dimension(),
        network.weightCount(),
        String.format(Locale.ROOT, "%.3g", network.largestWeight()),
        format(seconds));
    boolean kept =
        record(runId, train, 1, 0, 0, measured.loss(), measured.accuracy(), seconds)
            && fits.recordFit(
                runId,
                workerId,
                InterpolationFit.theorem1(
                    train.size(),
                    train.dimension(),
                    seconds,
                    measured.accuracy(),
                    network.weightCount(),
                    network.largestWeight()));
    return kept ? Optional.of(model) : Optional.empty();
  }

  /**
   * An epoch row, so WatchRun and the loss curves show these runs like any other. The closed forms
   * take no SGD steps and have no learning rate (0); the linear model's rate is its lr0.
   */
  private boolean record(
      long runId,
      Examples train,
      int epoch,
      long steps,
      double learningRate,
      double loss,
      double accuracy,
      double seconds) {
    return epochs.record(
        runId,
        workerId,
        new EpochMetrics(
            epoch,
            loss,
            accuracy,
            learningRate,
            train.size() / Math.max(seconds, 1e-9),
            seconds,
            steps));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
