package dev.gengap.trainer.server;

import dev.gengap.plumbing.GrpcStatuses;
import dev.gengap.plumbing.security.AccessPolicy;
import dev.gengap.plumbing.security.Caller;
import dev.gengap.plumbing.security.Role;
import dev.gengap.proto.v1.CancelRunRequest;
import dev.gengap.proto.v1.CreateSweepRequest;
import dev.gengap.proto.v1.GetRunRequest;
import dev.gengap.proto.v1.GetSweepRequest;
import dev.gengap.proto.v1.ListRunsRequest;
import dev.gengap.proto.v1.ListRunsResponse;
import dev.gengap.proto.v1.ListSweepsRequest;
import dev.gengap.proto.v1.ListSweepsResponse;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunEvent;
import dev.gengap.proto.v1.SubmitRunRequest;
import dev.gengap.proto.v1.Sweep;
import dev.gengap.proto.v1.TrainerServiceGrpc;
import dev.gengap.proto.v1.WatchRunRequest;
import dev.gengap.spec.InvalidSpecException;
import dev.gengap.store.SweepRow;
import dev.gengap.trainer.queue.Page;
import dev.gengap.trainer.queue.RunQuery;
import dev.gengap.trainer.queue.RunQueue;
import dev.gengap.trainer.queue.RunView;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.function.Supplier;

/** gengap.v1.TrainerService: maps requests to {@link RunQueue} calls and results back to proto. */
public final class TrainerGrpcService extends TrainerServiceGrpc.TrainerServiceImplBase {
  /**
   * Reading is a viewer's; submitting and cancelling a submitter's (RunQueue lets a submitter
   * cancel only its own runs, an admin anyone's).
   */
  public static final AccessPolicy ACCESS =
      AccessPolicy.of(
          Map.of(
              TrainerServiceGrpc.getGetRunMethod(), Role.VIEWER,
              TrainerServiceGrpc.getListRunsMethod(), Role.VIEWER,
              TrainerServiceGrpc.getWatchRunMethod(), Role.VIEWER,
              TrainerServiceGrpc.getGetSweepMethod(), Role.VIEWER,
              TrainerServiceGrpc.getListSweepsMethod(), Role.VIEWER,
              TrainerServiceGrpc.getSubmitRunMethod(), Role.SUBMITTER,
              TrainerServiceGrpc.getCreateSweepMethod(), Role.SUBMITTER,
              TrainerServiceGrpc.getCancelRunMethod(), Role.SUBMITTER));

  private final RunQueue queue;
  private final RunWatcher watcher;

  public TrainerGrpcService(RunQueue queue, RunWatcher watcher) {
    this.queue = queue;
    this.watcher = watcher;
  }

  @Override
  public void submitRun(SubmitRunRequest request, StreamObserver<Run> response) {
    respond(
        response,
        () ->
            RunMapper.toProto(
                queue.submit(request.getRequestId(), request.getSpec(), Caller.current())));
  }

  @Override
  public void getRun(GetRunRequest request, StreamObserver<Run> response) {
    respond(response, () -> RunMapper.toProto(queue.get(request.getRunId())));
  }

  @Override
  public void listRuns(ListRunsRequest request, StreamObserver<ListRunsResponse> response) {
    respond(
        response,
        () -> {
          Page<RunView> page =
              queue.list(
                  new RunQuery(
                      RunMapper.filter(request), request.getPageSize(), request.getPageToken()));
          return ListRunsResponse.newBuilder()
              .addAllRuns(page.items().stream().map(RunMapper::toProto).toList())
              .setNextPageToken(page.nextPageToken().orElse(""))
              .build();
        });
  }

  @Override
  public void cancelRun(CancelRunRequest request, StreamObserver<Run> response) {
    respond(response, () -> RunMapper.toProto(queue.cancel(request.getRunId(), Caller.current())));
  }

  @Override
  public void watchRun(WatchRunRequest request, StreamObserver<RunEvent> response) {
    try {
      // NOT_FOUND / INVALID_ARGUMENT at once rather than from the first poll.
      queue.get(request.getRunId());
    } catch (RuntimeException e) {
      response.onError(toStatus(e));
      return;
    }
    watcher.watch(
        request.getRunId(), request.getAfterEpoch(), (ServerCallStreamObserver<RunEvent>) response);
  }

  @Override
  public void createSweep(CreateSweepRequest request, StreamObserver<Sweep> response) {
    respond(
        response,
        () ->
            RunMapper.toProto(
                queue.createSweep(
                    request.getRequestId(),
                    request.getName(),
                    request.getSpecsList(),
                    Caller.current())));
  }

  @Override
  public void getSweep(GetSweepRequest request, StreamObserver<Sweep> response) {
    respond(response, () -> RunMapper.toProto(queue.getSweep(request.getSweepId())));
  }

  @Override
  public void listSweeps(ListSweepsRequest request, StreamObserver<ListSweepsResponse> response) {
    respond(
        response,
        () -> {
          Page<SweepRow> page = queue.listSweeps(request.getPageSize(), request.getPageToken());
          return ListSweepsResponse.newBuilder()
              .addAllSweeps(page.items().stream().map(RunMapper::toProto).toList())
              .setNextPageToken(page.nextPageToken().orElse(""))
              .build();
        });
  }

  private static <T> void respond(StreamObserver<T> response, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      response.onError(toStatus(e));
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }

  /**
   * The status for a failure of the queue: {@link GrpcStatuses}' mapping, with the spec module's
   * {@link InvalidSpecException} (an IllegalArgumentException: the module depends on proto only)
   * sent as INVALID_ARGUMENT naming its field.
   */
  static StatusRuntimeException toStatus(RuntimeException e) {
    if (e instanceof InvalidSpecException invalid) {
      return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
    }
    return GrpcStatuses.toStatusException(e);
  }
}
