package dev.gengap.evaluator.report;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.store.Evaluation;
import dev.gengap.store.RunStatus;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of the paper's Table 1: what a run trained (model, regularizers, corruption) and how it
 * generalized (clean train and test accuracy from its evaluation, once there is one).
 *
 * @param dataset the data set the run trained on
 * @param weightDecay an ℓ2 regularizer is on: the recipe's weight decay, or the kernel's ridge
 * @param randomCrop the run trained on random crops (the paper's data augmentation)
 * @param dropout the recipe's dropout rate; 0 = none
 * @param epochs epochs completed
 * @param trainSubset training examples used; 0 = all 50,000
 * @param earlyStopping the test accuracy measured during training, when the recipe asked for it
 * @param kernel the Gaussian kernel's width and fitted norm, for a kernel run
 * @param paper the paper's numbers for this row, when the report named a table that has one
 */
public record TableRow(
    long runId,
    String displayName,
    String dataset,
    ModelKind model,
    boolean batchNorm,
    CorruptionKind corruption,
    double corruptionProbability,
    boolean weightDecay,
    boolean randomCrop,
    double dropout,
    RunStatus status,
    int epochs,
    int trainSubset,
    Optional<Evaluation> evaluation,
    Optional<EarlyStopping> earlyStopping,
    Optional<Kernel> kernel,
    Optional<PaperNumbers.Row> paper) {

  TableRow withPaper(Optional<PaperNumbers.Row> row) {
    return new TableRow(
        runId,
        displayName,
        dataset,
        model,
        batchNorm,
        corruption,
        corruptionProbability,
        weightDecay,
        randomCrop,
        dropout,
        status,
        epochs,
        trainSubset,
        evaluation,
        earlyStopping,
        kernel,
        row);
  }

  /**
   * A Gaussian-kernel run's figures beside Table 3's.
   *
   * @param rkhsNorm √tr(αᵀKα) of the stored fit; empty until the trainer has stored it
   */
  public record Kernel(double gamma, OptionalDouble rkhsNorm) {}

  /**
   * What early stopping would have gained: the best test accuracy measured during training against
   * the one measured after the last epoch.
   *
   * @param bestEpoch the first epoch that measured {@code bestTestAccuracy}
   */
  public record EarlyStopping(double bestTestAccuracy, int bestEpoch, double finalTestAccuracy) {
    /** Best − final, ≥ 0. */
    public double gain() {
      return bestTestAccuracy - finalTestAccuracy;
    }
  }
}
