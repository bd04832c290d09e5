package dev.gengap.plumbing;

/**
 * The request is valid but the system is not in a state to do it. Maps to {@code
 * FAILED_PRECONDITION}.
 */
public class FailedPreconditionException extends RuntimeException {
  public FailedPreconditionException(String message) {
    super(message);
  }
}
