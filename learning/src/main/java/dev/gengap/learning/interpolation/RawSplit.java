package dev.gengap.learning.interpolation;

import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.Encoding;
import dev.gengap.proto.v1.Split;
import dev.gengap.proto.v1.StreamEpochRequest;
import dev.gengap.spec.ModelRules;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;

/**
 * A whole split as the interpolating models read it: streamed from the dataset-service in index
 * order as ENCODING_FLOAT32_UNIT (corrupted pixels ÷ 255, no crop, no whitening), one float64 row
 * per example, with the labels as served (corrupted where the spec says so).
 */
public final class RawSplit {
  /** Images per streamed batch: 500 CIFAR-10 images are 6 MB of float32. */
  static final int BATCH_SIZE = 500;

  // Large enough for one batch of 500 float32 images of up to 3 × 32 × 32.
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private RawSplit() {}

  /**
   * Reads {@code split} of {@code data} through {@code channel}; {@code deadline} bounds the
   * stream.
   *
   * @throws StatusRuntimeException the dataset-service failed (UNAVAILABLE is retryable)
   */
  public static Examples read(Channel channel, DataSpec data, Split split, Duration deadline) {
    List<Examples> batches = new ArrayList<>();
    // Batches hold float64 rows of 500 images (12 MB for CIFAR-10), copied once into the whole.
    forEachBatch(channel, data, split, deadline, batches::add);
    int n = batches.stream().mapToInt(Examples::size).sum();
    int dimension = batches.isEmpty() ? 0 : batches.get(0).dimension();
    DMatrixRMaj features = new DMatrixRMaj(n, dimension);
    int[] labels = new int[n];
    int row = 0;
    for (int i = 0; i < batches.size(); i++) {
      Examples batch = batches.get(i);
      batches.set(i, null); // let each batch go as soon as it is copied
      System.arraycopy(
          batch.features().data, 0, features.data, row * dimension, batch.size() * dimension);
      System.arraycopy(batch.labels(), 0, labels, row, batch.size());
      row += batch.size();
    }
    return new Examples(features, labels, ModelRules.CLASSES);
  }

  /**
   * Streams {@code split} in index order, handing each batch of at most 500 examples to {@code
   * batch} as it arrives, so a caller that needs no whole split holds one batch at a time.
   *
   * @throws StatusRuntimeException the dataset-service failed (UNAVAILABLE is retryable)
   */
  public static void forEachBatch(
      Channel channel, DataSpec data, Split split, Duration deadline, Consumer<Examples> batch) {
    StreamEpochRequest request =
        StreamEpochRequest.newBuilder()
            .setData(data)
            .setSplit(split)
            .setBatchSize(BATCH_SIZE)
            .setShuffle(false)
            .setAugment(false)
            .setEncoding(Encoding.ENCODING_FLOAT32_UNIT)
            .build();
    CallOptions options =
        CallOptions.DEFAULT
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
            .withMaxInboundMessageSize(MAX_MESSAGE_BYTES);
    int dimension = -1;
    // The blocking iterator asks the server for one message at a time: flow control holds.
    Iterator<Batch> batches =
        ClientCalls.blockingServerStreamingCall(
            channel, DatasetServiceGrpc.getStreamEpochMethod(), options, request);
    while (batches.hasNext()) {
      Batch served = batches.next();
      int size = served.getLabelsCount();
      int values = size == 0 ? 0 : served.getData().size() / Float.BYTES / size;
      if (served.getEncoding() != Encoding.ENCODING_FLOAT32_UNIT
          || size * values * Float.BYTES != served.getData().size()
          || (dimension >= 0 && values != dimension)) {
        throw new IllegalStateException(
            "batch " + served.getBatchIndex() + ": not " + size + " raw float32 images");
      }
      dimension = values;
      FloatBuffer buffer =
          served.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      DMatrixRMaj features = new DMatrixRMaj(size, values);
      for (int i = 0; i < features.data.length; i++) {
        features.data[i] = buffer.get(i);
      }
      int[] labels = new int[size];
      for (int i = 0; i < size; i++) {
        labels[i] = served.getLabels(i);
      }
      batch.accept(new Examples(features, labels, ModelRules.CLASSES));
    }
  }
}
