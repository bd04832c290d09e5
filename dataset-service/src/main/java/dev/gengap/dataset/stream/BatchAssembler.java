package dev.gengap.dataset.stream;

import dev.gengap.dataset.corruption.SplitData;
import dev.gengap.dataset.preprocess.Crop;
import dev.gengap.dataset.preprocess.Whitening;
import dev.gengap.dataset.source.ImageShape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns example indices into a batch. Keeps one float buffer for its whole life (one per stream),
 * so preprocessing allocates only the batch's output bytes.
 *
 * <p>The output comes in chunks of at most {@value #CHUNK_BYTES} bytes rather than one array per
 * batch: G1 allocates any array over half a region (0.5–2 MiB on common heaps) as a "humongous"
 * object straight in the old generation, and a 512-image float32 batch is 4.8 MB, so one array per
 * batch turns every batch into a humongous allocation and its collection. Chunks stay young and die
 * cheaply; the wire bytes are the same, since the batch's ByteString is their concatenation.
 */
final class BatchAssembler {
  static final int CHUNK_BYTES = 256 * 1024;

  private final SplitData split;
  private final ImageShape shape;
  private final Encoding encoding;
  private final Cropping cropping;
  private final long seed;
  private final int epoch;
  private float[] floats = new float[0];

  BatchAssembler(SplitData split, Encoding encoding, Cropping cropping, long seed, int epoch) {
    this.split = split;
    this.shape = split.shape();
    this.encoding = encoding;
    this.cropping = cropping;
    this.seed = seed;
    this.epoch = epoch;
  }

  int bytesPerExample() {
    return switch (encoding) {
      case UINT8_RAW -> shape.imageBytes();
      case FLOAT32_NCHW -> Crop.values(shape) * Float.BYTES;
      case FLOAT32_UNIT -> shape.imageBytes() * Float.BYTES;
    };
  }

  ExampleBatch assemble(int batchIndex, int[] indices) {
    int n = indices.length;
    byte[] labels = new byte[n];
    byte[] trueLabels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = split.labels()[indices[i]];
      trueLabels[i] = split.trueLabels()[indices[i]];
    }
    int side =
        switch (encoding) {
          case FLOAT32_NCHW -> Crop.SIDE;
          case UINT8_RAW, FLOAT32_UNIT -> shape.side();
        };
    List<byte[]> data =
        switch (encoding) {
          case UINT8_RAW -> raw(indices);
          case FLOAT32_NCHW -> whitened(indices);
          case FLOAT32_UNIT -> unitScaled(indices);
        };
    return new ExampleBatch(
        batchIndex,
        indices,
        labels,
        trueLabels,
        encoding,
        new int[] {n, shape.channels(), side, side},
        data);
  }

  /** Whole examples per chunk: as many as fit in {@link #CHUNK_BYTES}, at least one. */
  private int examplesPerChunk() {
    return Math.max(1, CHUNK_BYTES / bytesPerExample());
  }

  private List<byte[]> raw(int[] indices) {
    int perChunk = examplesPerChunk();
    List<byte[]> chunks = new ArrayList<>((indices.length + perChunk - 1) / perChunk);
    for (int from = 0; from < indices.length; from += perChunk) {
      int count = Math.min(perChunk, indices.length - from);
      byte[] out = new byte[count * shape.imageBytes()];
      for (int i = 0; i < count; i++) {
        System.arraycopy(
            split.images(),
            split.imageOffset(indices[from + i]),
            out,
            i * shape.imageBytes(),
            shape.imageBytes());
      }
      chunks.add(out);
    }
    return chunks;
  }

  private List<byte[]> unitScaled(int[] indices) {
    int perChunk = examplesPerChunk();
    List<byte[]> chunks = new ArrayList<>((indices.length + perChunk - 1) / perChunk);
    for (int from = 0; from < indices.length; from += perChunk) {
      int count = Math.min(perChunk, indices.length - from);
      byte[] out = new byte[count * shape.imageBytes() * Float.BYTES];
      FloatBuffer values = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      for (int i = 0; i < count; i++) {
        int offset = split.imageOffset(indices[from + i]);
        for (int p = 0; p < shape.imageBytes(); p++) {
          values.put((split.images()[offset + p] & 0xFF) / 255f);
        }
      }
      chunks.add(out);
    }
    return chunks;
  }

  private List<byte[]> whitened(int[] indices) {
    int perChunk = examplesPerChunk();
    int valuesPerExample = Crop.values(shape);
    if (floats.length < perChunk * valuesPerExample) {
      floats = new float[perChunk * valuesPerExample];
    }
    List<byte[]> chunks = new ArrayList<>((indices.length + perChunk - 1) / perChunk);
    for (int from = 0; from < indices.length; from += perChunk) {
      int count = Math.min(perChunk, indices.length - from);
      for (int i = 0; i < count; i++) {
        int index = indices[from + i];
        Crop crop =
            switch (cropping) {
              case CENTER -> Crop.center(shape);
              case RANDOM -> Crop.random(seed, epoch, index);
            };
        Whitening.cropAndWhiten(
            split.images(), shape, split.imageOffset(index), crop, floats, i * valuesPerExample);
      }
      int values = count * valuesPerExample;
      byte[] out = new byte[values * Float.BYTES];
      ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(floats, 0, values);
      chunks.add(out);
    }
    return chunks;
  }
}
