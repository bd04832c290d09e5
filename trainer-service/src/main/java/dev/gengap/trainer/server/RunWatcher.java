package dev.gengap.trainer.server;

import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunEvent;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.store.EpochRow;
import dev.gengap.trainer.queue.RunQueue;
import dev.gengap.trainer.queue.RunView;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves WatchRun streams by polling the results store, so a watcher sees a run trained by any
 * replica. All watchers share one scheduler (no thread per watcher); each watch is a periodic task
 * that sends what changed since its last tick.
 *
 * <p>Event order: the run's epoch history, then its current status, then every new epoch and status
 * change until the run ends; the last event is the only one whose run has ended. An epoch event
 * carries the run as it was after that epoch: its {@code latest} and {@code epochs_completed} are
 * that epoch's, and a run that has since ended is shown RUNNING.
 */
public final class RunWatcher {
  // Epochs sent per tick at most: a long history goes out over several ticks, paced by isReady.
  private static final int EPOCHS_PER_TICK = 256;

  private final RunQueue queue;
  private final ScheduledExecutorService scheduler;
  private final Duration pollInterval;

  /** The scheduler belongs to the caller, who shuts it down after the gRPC server. */
  public RunWatcher(RunQueue queue, ScheduledExecutorService scheduler, Duration pollInterval) {
    this.queue = queue;
    this.scheduler = scheduler;
    this.pollInterval = pollInterval;
  }

  /**
   * Starts streaming run {@code runId} from the epoch after {@code afterEpoch}; the run's existence
   * was checked by the caller.
   */
  void watch(long runId, int afterEpoch, ServerCallStreamObserver<RunEvent> observer) {
    Watch watch = new Watch(runId, afterEpoch, observer);
    // Must be set before this call returns (grpc-java's rule for cancel handlers).
    observer.setOnCancelHandler(watch::stop);
    watch.start();
  }

  private final class Watch {
    private final long runId;
    private final ServerCallStreamObserver<RunEvent> observer;
    private final AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    private volatile boolean stopped;
    // Touched only by the tick, which never runs concurrently with itself.
    private int lastEpochSent;
    private RunStatus lastStatusSent = RunStatus.RUN_STATUS_UNSPECIFIED;

    Watch(long runId, int afterEpoch, ServerCallStreamObserver<RunEvent> observer) {
      this.runId = runId;
      this.observer = observer;
      this.lastEpochSent = afterEpoch;
    }

    void start() {
      task.set(
          scheduler.scheduleWithFixedDelay(
              this::tick, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS));
      // The client may have cancelled before the task was stored: stop() could not cancel it.
      if (stopped) {
        stop();
      }
    }

    void stop() {
      stopped = true;
      ScheduledFuture<?> scheduled = task.get();
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }

    private void tick() {
      if (stopped) {
        stop();
        return;
      }
      try {
        // Slow client: send nothing now, pick up from lastEpochSent on a later tick.
        if (!observer.isReady()) {
          return;
        }
        // Read the run before its epochs: a run that has ended has recorded all its epochs.
        RunView view = queue.get(runId);
        Run run = RunMapper.toProto(view);
        List<EpochRow> epochs = queue.epochsAfter(runId, lastEpochSent, EPOCHS_PER_TICK);
        for (EpochRow epoch : epochs) {
          if (!observer.isReady() || stopped) {
            return;
          }
          observer.onNext(epochEvent(run, epoch));
          lastEpochSent = epoch.metrics().epoch();
        }
        if (epochs.size() == EPOCHS_PER_TICK) {
          return; // more history to come before the status
        }
        if (run.getStatus() != lastStatusSent) {
          observer.onNext(RunEvent.newBuilder().setRun(run).build());
          lastStatusSent = run.getStatus();
        }
        if (view.run().status().isTerminal()) {
          stop();
          observer.onCompleted();
        }
      } catch (RuntimeException e) {
        stop();
        observer.onError(TrainerGrpcService.toStatus(e));
      }
    }

    private RunEvent epochEvent(Run current, EpochRow epoch) {
      var metrics = RunMapper.toProto(epoch);
      Run.Builder asOfEpoch =
          current.toBuilder().setLatest(metrics).setEpochsCompleted(metrics.getEpoch());
      if (hasEnded(current)) {
        asOfEpoch.setStatus(RunStatus.RUN_STATUS_RUNNING).clearFinishedAt();
      }
      return RunEvent.newBuilder().setRun(asOfEpoch).setEpoch(metrics).build();
    }

    private boolean hasEnded(Run current) {
      return switch (current.getStatus()) {
        case RUN_STATUS_SUCCEEDED, RUN_STATUS_FAILED, RUN_STATUS_CANCELLED -> true;
        case RUN_STATUS_UNSPECIFIED, RUN_STATUS_QUEUED, RUN_STATUS_RUNNING, UNRECOGNIZED -> false;
      };
    }
  }
}
