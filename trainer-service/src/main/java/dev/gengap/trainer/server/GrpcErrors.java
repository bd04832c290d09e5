package dev.gengap.trainer.server;

import dev.gengap.spec.InvalidSpecException;
import dev.gengap.store.StoreException;
import dev.gengap.trainer.queue.IllegalRunStateException;
import dev.gengap.trainer.queue.RunNotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates domain exceptions into gRPC statuses at the boundary; nothing escapes a service method
 * (grpc-java would send a bare UNKNOWN).
 */
final class GrpcErrors {
  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  static StatusRuntimeException toStatus(RuntimeException e) {
    if (e instanceof InvalidSpecException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
    if (e instanceof RunNotFoundException) {
      return Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
    }
    if (e instanceof IllegalRunStateException) {
      return Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
    }
    if (e instanceof StoreException) {
      log.warn("event=store_unavailable error=\"{}\"", e.getMessage(), e);
      return Status.UNAVAILABLE
          .withDescription("results store unavailable; retry later")
          .withCause(e)
          .asRuntimeException();
    }
    log.error("event=internal_error", e);
    return Status.INTERNAL.withDescription("internal error").withCause(e).asRuntimeException();
  }
}
