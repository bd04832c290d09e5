package dev.gengap.cli.rpc;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
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
  // Pause before re-opening a dropped watch: 1 s, 2 s, ... up to 5 s between tries.
  private static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(1);
  private static final int MAX_BACKOFF_STEPS = 5;

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
    long deadline = System.nanoTime() + streamDeadline.toNanos();
    int lastEpoch = 0;
    boolean received = false;
    int reconnects = 0;
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      try {
        Iterator<RunEvent> events =
            stub.withDeadlineAfter(remaining, TimeUnit.NANOSECONDS)
                .watchRun(
                    WatchRunRequest.newBuilder().setRunId(runId).setAfterEpoch(lastEpoch).build());
        while (events.hasNext()) {
          RunEvent event = events.next();
          received = true;
          reconnects = 0;
          if (event.hasEpoch()) {
            // The server resumes after lastEpoch; the check also holds against one that doesn't.
            if (event.getEpoch().getEpoch() <= lastEpoch) {
              continue;
            }
            lastEpoch = event.getEpoch().getEpoch();
          }
          onEvent.accept(event);
        }
        return true;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.DEADLINE_EXCEEDED) {
          return false;
        }
        // A stream that was flowing and dropped (trainer restarted, connection lost): resume after
        // the last epoch shown. One that never started is reported at once.
        if (code != Status.Code.UNAVAILABLE || !received) {
          throw RpcFailure.of(SERVICE, target, streamDeadline, e);
        }
        sleep(RECONNECT_BACKOFF.multipliedBy(Math.min(++reconnects, MAX_BACKOFF_STEPS)));
      }
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILED, "interrupted while reconnecting");
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
