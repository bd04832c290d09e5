package dev.gengap.plumbing;

/**
 * The caller is known but may not do this to this object, e.g. cancel another user's run. Maps to
 * {@code PERMISSION_DENIED}.
 */
public class PermissionDeniedException extends RuntimeException {
  public PermissionDeniedException(String message) {
    super(message);
  }
}
