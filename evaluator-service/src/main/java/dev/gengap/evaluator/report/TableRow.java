package dev.gengap.evaluator.report;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.store.Evaluation;
import dev.gengap.store.RunStatus;
import java.util.Optional;

/**
 * One row of the paper's Table 1: what a run trained (model, regularizers, corruption) and how it
 * generalized (clean train and test accuracy from its evaluation, once there is one).
 *
 * @param weightDecay the recipe's weight decay is on (> 0)
 * @param randomCrop the run trained on random crops (the paper's data augmentation)
 * @param epochs epochs completed
 * @param trainSubset training examples used; 0 = all 50,000
 */
public record TableRow(
    long runId,
    String displayName,
    ModelKind model,
    boolean batchNorm,
    CorruptionKind corruption,
    double corruptionProbability,
    boolean weightDecay,
    boolean randomCrop,
    RunStatus status,
    int epochs,
    int trainSubset,
    Optional<Evaluation> evaluation) {}
