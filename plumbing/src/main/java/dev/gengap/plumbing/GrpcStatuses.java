package dev.gengap.plumbing;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates domain exceptions to gRPC statuses at the service boundary, so no service method leaks
 * a bare {@code UNKNOWN} (what grpc-java sends for an escaped exception).
 */
public final class GrpcStatuses {
  private static final Logger log = LoggerFactory.getLogger(GrpcStatuses.class);

  private GrpcStatuses() {}

  /**
   * The status for {@code error}: {@link InvalidArgumentException} → INVALID_ARGUMENT, {@link
   * NotFoundException} → NOT_FOUND, {@link FailedPreconditionException} → FAILED_PRECONDITION,
   * {@link PermissionDeniedException} → PERMISSION_DENIED, {@link UnavailableException} →
   * UNAVAILABLE (logged as a warning), a status exception → its own status, anything else →
   * INTERNAL (logged here, once, with its stack trace).
   */
  public static Status toStatus(Throwable error) {
    if (error instanceof StatusRuntimeException e) {
      return e.getStatus();
    }
    if (error instanceof StatusException e) {
      return e.getStatus();
    }
    if (error instanceof InvalidArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(error.getMessage());
    }
    if (error instanceof NotFoundException) {
      return Status.NOT_FOUND.withDescription(error.getMessage());
    }
    if (error instanceof FailedPreconditionException) {
      return Status.FAILED_PRECONDITION.withDescription(error.getMessage());
    }
    if (error instanceof PermissionDeniedException) {
      return Status.PERMISSION_DENIED.withDescription(error.getMessage());
    }
    if (error instanceof UnavailableException) {
      log.warn("event=dependency_unavailable error=\"{}\"", error.getMessage());
      return Status.UNAVAILABLE.withDescription(error.getMessage()).withCause(error.getCause());
    }
    log.error("event=internal_error error={}", error.toString(), error);
    return Status.INTERNAL.withDescription(error.toString()).withCause(error);
  }

  /** {@link #toStatus} as an exception to pass to {@code onError}. */
  public static StatusRuntimeException toStatusException(Throwable error) {
    return toStatus(error).asRuntimeException();
  }

  /** Ends a call with the status for {@code error}. */
  public static void fail(StreamObserver<?> observer, Throwable error) {
    observer.onError(toStatusException(error));
  }
}
