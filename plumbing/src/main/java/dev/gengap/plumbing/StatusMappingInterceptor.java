package dev.gengap.plumbing;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Safety net behind every service: an exception that escapes a handler is closed as the status
 * {@link GrpcStatuses#toStatus} gives it instead of grpc-java's bare {@code UNKNOWN}.
 */
final class StatusMappingInterceptor implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ClosingTrackedCall<Q, R> tracked = new ClosingTrackedCall<>(call);
    ServerCall.Listener<Q> delegate = next.startCall(tracked, headers);
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        guard(() -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        guard(super::onHalfClose);
      }

      @Override
      public void onReady() {
        guard(super::onReady);
      }

      private void guard(Runnable step) {
        try {
          step.run();
        } catch (RuntimeException e) {
          tracked.closeOnce(GrpcStatuses.toStatus(e));
        }
      }
    };
  }

  /** Remembers whether the call was closed: closing twice throws. */
  private static final class ClosingTrackedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private volatile boolean closed;

    ClosingTrackedCall(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed = true;
      super.close(status, trailers);
    }

    void closeOnce(Status status) {
      if (!closed) {
        close(status, new Metadata());
      }
    }
  }
}
