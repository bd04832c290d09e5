package dev.gengap.plumbing;

/**
 * A dependency (database, peer service) is down; the caller may retry. Maps to {@code UNAVAILABLE}.
 */
public class UnavailableException extends RuntimeException {
  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
