package dev.gengap.trainer.queue;

import dev.gengap.plumbing.FailedPreconditionException;

/** The run is in a state that does not allow the operation, e.g. cancelling an ended run. */
public final class IllegalRunStateException extends FailedPreconditionException {
  IllegalRunStateException(String message) {
    super(message);
  }
}
