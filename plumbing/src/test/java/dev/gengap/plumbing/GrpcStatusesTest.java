package dev.gengap.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GrpcStatusesTest {
  @Test
  void invalidArgumentNamesTheField() {
    Status status =
        GrpcStatuses.toStatus(
            new InvalidArgumentException(
                "data.corruption_probability", "must be in [0, 1], was 1.5"));
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo("data.corruption_probability: must be in [0, 1], was 1.5");
  }

  @Test
  void eachDomainExceptionHasItsCode() {
    assertThat(GrpcStatuses.toStatus(new NotFoundException("run 7")).getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(GrpcStatuses.toStatus(new FailedPreconditionException("running")).getCode())
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            GrpcStatuses.toStatus(new UnavailableException("db down", new IOException())).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(GrpcStatuses.toStatus(Status.ABORTED.asRuntimeException()).getCode())
        .isEqualTo(Status.Code.ABORTED);
    assertThat(GrpcStatuses.toStatus(new IllegalStateException("bug")).getCode())
        .isEqualTo(Status.Code.INTERNAL);
  }
}
