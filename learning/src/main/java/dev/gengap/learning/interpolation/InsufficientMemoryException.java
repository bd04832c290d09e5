package dev.gengap.learning.interpolation;

/** A closed-form fit would not fit into the memory it may use; the message says how much. */
public final class InsufficientMemoryException extends RuntimeException {
  public InsufficientMemoryException(String message) {
    super(message);
  }
}
