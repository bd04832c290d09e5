package dev.gengap.store;

/** Maps {@link RunStatus} to gengap.v1.RunStatus, for the trainer's and the evaluator's replies. */
public final class RunStatusMapper {
  private RunStatusMapper() {}

  public static dev.gengap.proto.v1.RunStatus toProto(RunStatus status) {
    return switch (status) {
      case QUEUED -> dev.gengap.proto.v1.RunStatus.RUN_STATUS_QUEUED;
      case RUNNING -> dev.gengap.proto.v1.RunStatus.RUN_STATUS_RUNNING;
      case SUCCEEDED -> dev.gengap.proto.v1.RunStatus.RUN_STATUS_SUCCEEDED;
      case FAILED -> dev.gengap.proto.v1.RunStatus.RUN_STATUS_FAILED;
      case CANCELLED -> dev.gengap.proto.v1.RunStatus.RUN_STATUS_CANCELLED;
    };
  }
}
