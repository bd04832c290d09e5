package dev.gengap.evaluator.report;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;

/**
 * What a figure point's run was, so clients can group, label and filter points.
 *
 * @param trainSubset training images used; 0 = all
 * @param series the curve the run belongs to (see {@link Series})
 */
public record RunFacts(
    ModelKind model,
    boolean batchNorm,
    long seed,
    int trainSubset,
    CorruptionKind corruption,
    double corruptionProbability,
    boolean corruptTestLabels,
    String displayName,
    String dataset,
    String series) {}
