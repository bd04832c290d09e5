package dev.gengap.cli.rpc;

import dev.gengap.proto.v1.CancelRunRequest;
import dev.gengap.proto.v1.CreateSweepRequest;
import dev.gengap.proto.v1.GetRunRequest;
import dev.gengap.proto.v1.ListRunsRequest;
import dev.gengap.proto.v1.ListRunsResponse;
import dev.gengap.proto.v1.ListSweepsRequest;
import dev.gengap.proto.v1.ListSweepsResponse;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunEvent;
import dev.gengap.proto.v1.SubmitRunRequest;
import dev.gengap.proto.v1.Sweep;
import dev.gengap.proto.v1.TrainerServiceGrpc;
import dev.gengap.proto.v1.TrainerServiceGrpc.TrainerServiceBlockingStub;
import dev.gengap.proto.v1.WatchRunRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The trainer-service calls gengap makes, each under a deadline, each failure turned into a {@link
 * dev.gengap.cli.CliException}. Takes a {@link Channel}: closing it is the caller's job.
 */
public final class TrainerClient {
  private static final String SERVICE = "trainer";

  private final TrainerServiceBlockingStub stub;
  private final String target;
  private final Duration deadline;

  public TrainerClient(Channel channel, String target, Duration deadline) {
    this.stub = TrainerServiceGrpc.newBlockingStub(channel);
    this.target = target;
    this.deadline = deadline;
  }

  public Run submitRun(SubmitRunRequest request) {
    return call(deadline, () -> withDeadline(deadline).submitRun(request));
  }

  public Run getRun(long runId) {
    return call(
        deadline,
        () -> withDeadline(deadline).getRun(GetRunRequest.newBuilder().setRunId(runId).build()));
  }

  public ListRunsResponse listRuns(ListRunsRequest request) {
    return call(deadline, () -> withDeadline(deadline).listRuns(request));
  }

  public Run cancelRun(long runId) {
    return call(
        deadline,
        () ->
            withDeadline(deadline)
                .cancelRun(CancelRunRequest.newBuilder().setRunId(runId).build()));
  }

  public ListSweepsResponse listSweeps(ListSweepsRequest request) {
    return call(deadline, () -> withDeadline(deadline).listSweeps(request));
  }

  public Sweep createSweep(CreateSweepRequest request) {
    return call(deadline, () -> withDeadline(deadline).createSweep(request));
  }

  /**
   * Follows a run, handing each event to {@code onEvent} until the server ends the stream (after
   * the run has ended). {@code streamDeadline} bounds the whole stream, not one event: when it
   * passes, this returns {@code false} and the run goes on without us.
   */
  public boolean watchRun(long runId, Duration streamDeadline, Consumer<RunEvent> onEvent) {
    try {
      Iterator<RunEvent> events =
          withDeadline(streamDeadline)
              .watchRun(WatchRunRequest.newBuilder().setRunId(runId).build());
      while (events.hasNext()) {
        onEvent.accept(events.next());
      }
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return false;
      }
      throw RpcFailure.of(SERVICE, target, streamDeadline, e);
    }
  }

  private TrainerServiceBlockingStub withDeadline(Duration callDeadline) {
    return stub.withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(Duration callDeadline, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw RpcFailure.of(SERVICE, target, callDeadline, e);
    }
  }
}
