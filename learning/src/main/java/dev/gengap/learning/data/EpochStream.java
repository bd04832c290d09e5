package dev.gengap.learning.data;

import dev.gengap.learning.training.LabeledBatch;
import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.Encoding;
import dev.gengap.proto.v1.StreamEpochRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One epoch of a split streamed from the dataset-service as {@link LabeledBatch}es, decoded on the
 * gRPC thread and at most {@code prefetch} batches ahead of the consumer, so the device does not
 * wait for the network and the client never buffers an epoch.
 */
public final class EpochStream implements Iterator<LabeledBatch>, AutoCloseable {

  /** Large enough for the biggest batch the dataset-service serves (4096 float images). */
  private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private static final Object END = new Object();

  // Holds LabeledBatch, END or a Status; never more than prefetch items, because the consumer
  // requests one message from the server for each batch it takes.
  private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
  private final ClientCall<StreamEpochRequest, Batch> call;
  private ClientCallStreamObserver<StreamEpochRequest> requests;
  private Object next;
  private boolean finished;

  private EpochStream(Channel channel, Duration deadline) {
    this.call =
        channel.newCall(
            DatasetServiceGrpc.getStreamEpochMethod(),
            CallOptions.DEFAULT
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .withMaxInboundMessageSize(MAX_MESSAGE_BYTES));
  }

  /**
   * Starts streaming. The request must ask for float32 NCHW batches (or leave the encoding unset);
   * {@code deadline} bounds the whole epoch.
   */
  public static EpochStream open(
      Channel channel, StreamEpochRequest request, int prefetch, Duration deadline) {
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch: must be >= 1, was " + prefetch);
    }
    if (request.getEncoding() != Encoding.ENCODING_UNSPECIFIED
        && request.getEncoding() != Encoding.ENCODING_FLOAT32_NCHW) {
      throw new IllegalArgumentException("encoding: EpochStream decodes float32 NCHW batches only");
    }
    EpochStream stream = new EpochStream(channel, deadline);
    ClientCalls.asyncServerStreamingCall(stream.call, request, stream.new Receiver(prefetch));
    return stream;
  }

  @Override
  public boolean hasNext() {
    if (finished) {
      return false;
    }
    if (next == null) {
      next = take();
    }
    if (next == END) {
      finished = true;
      return false;
    }
    if (next instanceof Status status) {
      finished = true;
      throw new DatasetStreamException(status);
    }
    return true;
  }

  @Override
  public LabeledBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the epoch has ended");
    }
    LabeledBatch batch = (LabeledBatch) next;
    next = null;
    requests.request(1);
    return batch;
  }

  /** Cancels the stream if the epoch was not read to its end. */
  @Override
  public void close() {
    if (!finished) {
      finished = true;
      call.cancel("consumer closed the epoch stream", null);
    }
  }

  private Object take() {
    try {
      return arrived.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel("consumer interrupted", e);
      return Status.CANCELLED.withDescription("interrupted while waiting for a batch");
    }
  }

  static LabeledBatch decode(Batch batch) {
    int size = batch.getLabelsCount();
    // Shape (N, C, 28, 28): C = 3 for CIFAR-10, 1 for MNIST-format data sets.
    int values = size;
    for (int d = 1; d < batch.getShapeCount(); d++) {
      values *= batch.getShape(d);
    }
    float[] pixels = new float[values];
    if (batch.getData().size() != pixels.length * Float.BYTES) {
      throw new IllegalStateException(
          "batch "
              + batch.getBatchIndex()
              + ": expected "
              + pixels.length * Float.BYTES
              + " bytes of float32 pixels for "
              + size
              + " images, got "
              + batch.getData().size());
    }
    batch
        .getData()
        .asReadOnlyByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(pixels);
    int[] labels = new int[size];
    int[] indices = new int[batch.getIndicesCount()];
    for (int i = 0; i < size; i++) {
      labels[i] = batch.getLabels(i);
    }
    for (int i = 0; i < indices.length; i++) {
      indices[i] = batch.getIndices(i);
    }
    return new LabeledBatch(pixels, labels, size, indices);
  }

  private final class Receiver implements ClientResponseObserver<StreamEpochRequest, Batch> {
    private final int prefetch;

    Receiver(int prefetch) {
      this.prefetch = prefetch;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamEpochRequest> observer) {
      requests = observer;
      observer.disableAutoRequestWithInitial(prefetch);
    }

    @Override
    public void onNext(Batch batch) {
      try {
        arrived.add(decode(batch));
      } catch (RuntimeException e) {
        call.cancel("undecodable batch", e);
        arrived.add(Status.INTERNAL.withDescription(e.getMessage()));
      }
    }

    @Override
    public void onError(Throwable t) {
      arrived.add(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      arrived.add(END);
    }
  }
}
