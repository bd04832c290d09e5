package dev.gengap.learning.data;

import io.grpc.Status;

/** The dataset-service stream failed; {@link #status()} says how (UNAVAILABLE is retryable). */
public final class DatasetStreamException extends RuntimeException {
  private final transient Status status;

  public DatasetStreamException(Status status) {
    super(
        "dataset stream failed: "
            + status.getCode()
            + (status.getDescription() == null ? "" : ": " + status.getDescription()),
        status.getCause());
    this.status = status;
  }

  public Status status() {
    return status;
  }
}
