package dev.gengap.dataset.bench;

import dev.gengap.dataset.preprocess.Crop;
import dev.gengap.dataset.source.ImageShape;
import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.DatasetServiceGrpc;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads one epoch the way the trainer's {@code EpochStream} does: an async call that asks for
 * {@code prefetch} batches ahead, decodes each batch's float32 bytes into a {@code float[]} on the
 * gRPC thread, and hands it to the consuming thread through a queue. The benchmark measures this,
 * not a bare byte count, so the client's cost is in the figure.
 */
final class DecodingEpochReader {
  /** The largest batch served: 4096 float32 images, 38.5 MB. */
  private static final int MAX_MESSAGE_BYTES = 64 << 20;

  private static final Object END = new Object();

  private DecodingEpochReader() {}

  /** What one epoch delivered. */
  record Delivered(long images, long bytes, double checksum) {}

  static Delivered read(
      Channel channel, StreamEpochRequest request, int prefetch, Duration deadline)
      throws InterruptedException {
    BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    ClientCall<StreamEpochRequest, Batch> call =
        channel.newCall(
            DatasetServiceGrpc.getStreamEpochMethod(),
            CallOptions.DEFAULT
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .withMaxInboundMessageSize(MAX_MESSAGE_BYTES));
    ClientCallStreamObserver<?>[] requests = new ClientCallStreamObserver<?>[1];
    ClientCalls.asyncServerStreamingCall(
        call,
        request,
        new ClientResponseObserver<StreamEpochRequest, Batch>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<StreamEpochRequest> observer) {
            requests[0] = observer;
            observer.disableAutoRequestWithInitial(prefetch);
          }

          @Override
          public void onNext(Batch batch) {
            arrived.add(decode(batch));
          }

          @Override
          public void onError(Throwable t) {
            arrived.add(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            arrived.add(END);
          }
        });
    long images = 0;
    long bytes = 0;
    double checksum = 0;
    while (true) {
      Object next = arrived.take();
      if (next == END) {
        return new Delivered(images, bytes, checksum);
      }
      if (next instanceof Status status) {
        throw status.asRuntimeException();
      }
      float[] pixels = (float[]) next;
      requests[0].request(1);
      images += pixels.length / Crop.values(ImageShape.CIFAR10);
      bytes += (long) pixels.length * Float.BYTES;
      // Touch the data so the decode cannot be skipped.
      checksum += pixels[0] + pixels[pixels.length - 1];
    }
  }

  private static float[] decode(Batch batch) {
    float[] pixels = new float[batch.getData().size() / Float.BYTES];
    batch
        .getData()
        .asReadOnlyByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(pixels);
    return pixels;
  }
}
