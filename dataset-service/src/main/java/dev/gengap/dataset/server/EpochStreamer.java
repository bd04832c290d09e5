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
  private static final long DEADLINE_SLACK_MILLIS = 100;

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
   * The client's own deadline timer usually fires a moment before the server's and arrives as a
   * plain cancel, so a cancel within {@value #DEADLINE_SLACK_MILLIS} ms of the deadline counts as
   * the deadline.
   */
  private boolean pastDeadline() {
    Deadline deadline = context.getDeadline();
    return deadline != null
        && deadline.timeRemaining(TimeUnit.MILLISECONDS) <= DEADLINE_SLACK_MILLIS;
  }

  private void cancelled() {
    if (finished) {
      return;
    }
    finished = true;
    meters.streamError(pastDeadline() ? StreamError.DEADLINE_EXCEEDED : StreamError.CANCELLED);
  }
}
