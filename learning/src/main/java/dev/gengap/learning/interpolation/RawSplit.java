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
    List<float[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int dimension = -1;
    // The blocking iterator asks the server for one message at a time: flow control holds.
    Iterator<Batch> batches =
        ClientCalls.blockingServerStreamingCall(
            channel, DatasetServiceGrpc.getStreamEpochMethod(), options, request);
    while (batches.hasNext()) {
      Batch batch = batches.next();
      int size = batch.getLabelsCount();
      int values = size == 0 ? 0 : batch.getData().size() / Float.BYTES / size;
      if (batch.getEncoding() != Encoding.ENCODING_FLOAT32_UNIT
          || size * values * Float.BYTES != batch.getData().size()
          || (dimension >= 0 && values != dimension)) {
        throw new IllegalStateException(
            "batch " + batch.getBatchIndex() + ": not " + size + " raw float32 images");
      }
      dimension = values;
      float[] floats = new float[size * values];
      FloatBuffer buffer =
          batch.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      buffer.get(floats);
      pixels.add(floats);
      labels.addAll(batch.getLabelsList());
    }
    DMatrixRMaj features = new DMatrixRMaj(labels.size(), Math.max(dimension, 0));
    int at = 0;
    for (float[] floats : pixels) {
      for (float v : floats) {
        features.data[at++] = v;
      }
    }
    return new Examples(
        features, labels.stream().mapToInt(Integer::intValue).toArray(), ModelRules.CLASSES);
  }
}
