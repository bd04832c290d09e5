package dev.gengap.k8scheck;

/** A rendered manifest that does not parse, or objects that do not agree with each other. */
public final class ManifestException extends RuntimeException {
  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
