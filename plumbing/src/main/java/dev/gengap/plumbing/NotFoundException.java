package dev.gengap.plumbing;

/** The named thing does not exist. Maps to {@code NOT_FOUND}. */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
