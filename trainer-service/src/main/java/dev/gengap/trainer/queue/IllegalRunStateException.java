package dev.gengap.trainer.queue;

/** The run is in a state that does not allow the operation, e.g. cancelling an ended run. */
public final class IllegalRunStateException extends RuntimeException {
  IllegalRunStateException(String message) {
    super(message);
  }
}
