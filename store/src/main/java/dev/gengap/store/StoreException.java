package dev.gengap.store;

import dev.gengap.plumbing.UnavailableException;

/**
 * The results store could not be reached or refused a statement. Callers treat it as a retryable
 * outage (gRPC {@code UNAVAILABLE}); rule violations are reported by return values.
 */
public final class StoreException extends UnavailableException {
  StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
