package dev.gengap.dataset.server;

import dev.gengap.dataset.server.DatasetMeters.StreamError;
import dev.gengap.dataset.stream.EpochCursor;
import dev.gengap.dataset.stream.ExampleBatch;
import dev.gengap.dataset.stream.Split;
import dev.gengap.plumbing.GrpcStatuses;
import dev.gengap.proto.v1.Batch;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sends one epoch with server-side flow control: a batch is built only while the transport says it
 * can take one ({@code isReady}), and sending resumes from the on-ready callback. A slow client
 * therefore holds the server to about one batch in flight, never an epoch.
 *
 * <p>grpc-java runs the on-ready and on-cancel callbacks and the first {@link #drain()} (inside the
 * service method) one at a time on the call's serializing executor, so {@link #drain()} never runs
 * concurrently with itself.
 */
final class EpochStreamer {
  private static final int MIN_READY_THRESHOLD = 32 * 1024;
  static final Duration DEADLINE_SLACK = Duration.ofSeconds(1);

  private final ServerCallStreamObserver<Batch> observer;
  private final EpochCursor cursor;
  private final Split split;
  private final DatasetMeters meters;
  private final Context context;
  private volatile boolean finished;

  EpochStreamer(
      ServerCallStreamObserver<Batch> observer,
      EpochCursor cursor,
      Split split,
      DatasetMeters meters) {
    this.observer = observer;
    this.cursor = cursor;
    this.split = split;
    this.meters = meters;
    this.context = Context.current();
  }

  /** Registers the callbacks and sends what the transport will take now. */
  void start() {
    // Let about two batches queue before isReady turns false, so the next batch is built while
    // the transport sends the last one (the default 32 KiB would serialize the two).
    observer.setOnReadyThreshold(Math.max(MIN_READY_THRESHOLD, 2 * cursor.batchBytes()));
    observer.setOnCancelHandler(this::cancelled);
    observer.setOnReadyHandler(this::drain);
    drain();
  }

  private void drain() {
    try {
      // isReady turns false once a batch (≫ the 32 KiB on-ready threshold) is queued; on-ready
      // brings us back when the client has read it. Re-checking here also makes a spurious
      // on-ready harmless.
      if (observer.isCancelled()) {
        // Cancelled (or past its deadline) before the handler was set: it will not be called.
        cancelled();
        return;
      }
      while (!finished && observer.isReady()) {
        if (!cursor.hasNext()) {
          finished = true;
          observer.onCompleted();
          return;
        }
        ExampleBatch batch = cursor.next();
        observer.onNext(ProtoMapper.batch(batch));
        meters.served(split, batch.size());
      }
    } catch (RuntimeException e) {
      finished = true;
      meters.streamError(StreamError.INTERNAL);
      GrpcStatuses.fail(observer, e);
    }
  }

  /**
   * Why a stream ended before its last batch, seen from the server: a cancel counts as the deadline
   * when it came at most {@link #DEADLINE_SLACK} before the server's own deadline. The client's
   * deadline timer fires before the server's by the time the request headers took to arrive (their
   * timeout is computed when they are sent), so a client whose deadline ran out looks like one that
   * cancelled; on a loaded node that lead reaches hundreds of milliseconds. A client that really
   * cancels in its deadline's last second is counted as a deadline: a rare, harmless mistake.
   */
  static StreamError cancelReason(Deadline deadline) {
    return deadline != null
            && deadline.timeRemaining(TimeUnit.NANOSECONDS) <= DEADLINE_SLACK.toNanos()
        ? StreamError.DEADLINE_EXCEEDED
        : StreamError.CANCELLED;
  }

  private void cancelled() {
    if (finished) {
      return;
    }
    finished = true;
    meters.streamError(cancelReason(context.getDeadline()));
  }
}
