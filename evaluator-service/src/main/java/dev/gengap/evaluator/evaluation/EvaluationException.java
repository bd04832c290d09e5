package dev.gengap.evaluator.evaluation;

import dev.gengap.plumbing.FailedPreconditionException;

/**
 * A finished run cannot be evaluated as it is: no checkpoint, or a checkpoint that does not fit its
 * spec. Retrying later may help only if the run's data changes. Maps to FAILED_PRECONDITION.
 */
public final class EvaluationException extends FailedPreconditionException {
  EvaluationException(String message) {
    super(message);
  }
}
