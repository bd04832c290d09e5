package dev.gengap.cli.local;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Asks a service's {@code grpc.health.v1} endpoint whether the whole server is SERVING. */
final class HealthProbe {
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(2);

  private final HealthGrpc.HealthBlockingStub health;

  HealthProbe(Channel channel) {
    this.health = HealthGrpc.newBlockingStub(channel);
  }

  /** The server's overall status; UNKNOWN when it cannot be reached yet. */
  ServingStatus status() {
    try {
      return health
          .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          // The empty service name asks about the server as a whole.
          .check(HealthCheckRequest.newBuilder().setService("").build())
          .getStatus();
    } catch (StatusRuntimeException e) {
      return ServingStatus.UNKNOWN;
    }
  }
}
