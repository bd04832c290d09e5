package dev.gengap.learning.training;

/** The frozen model (eval mode) on a data set: accuracy and mean loss over {@code examples}. */
public record EvaluationResult(double accuracy, double meanLoss, long examples) {}
