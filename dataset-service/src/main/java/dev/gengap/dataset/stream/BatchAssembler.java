package dev.gengap.dataset.stream;

import dev.gengap.dataset.cifar.Cifar10;
import dev.gengap.dataset.corruption.SplitData;
import dev.gengap.dataset.preprocess.Crop;
import dev.gengap.dataset.preprocess.Whitening;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns example indices into a batch. Keeps one float buffer for its whole life (one per stream),
 * so preprocessing allocates only the batch's output bytes.
 */
final class BatchAssembler {
  private final SplitData split;
  private final Encoding encoding;
  private final Cropping cropping;
  private final long seed;
  private final int epoch;
  private float[] floats = new float[0];

  BatchAssembler(SplitData split, Encoding encoding, Cropping cropping, long seed, int epoch) {
    this.split = split;
    this.encoding = encoding;
    this.cropping = cropping;
    this.seed = seed;
    this.epoch = epoch;
  }

  int bytesPerExample() {
    return switch (encoding) {
      case UINT8_RAW -> Cifar10.IMAGE_BYTES;
      case FLOAT32_NCHW -> Crop.VALUES * Float.BYTES;
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
    return switch (encoding) {
      case UINT8_RAW ->
          new ExampleBatch(
              batchIndex,
              indices,
              labels,
              trueLabels,
              encoding,
              new int[] {n, Cifar10.CHANNELS, Cifar10.SIDE, Cifar10.SIDE},
              raw(indices));
      case FLOAT32_NCHW ->
          new ExampleBatch(
              batchIndex,
              indices,
              labels,
              trueLabels,
              encoding,
              new int[] {n, Cifar10.CHANNELS, Crop.SIDE, Crop.SIDE},
              whitened(indices));
    };
  }

  private byte[] raw(int[] indices) {
    byte[] out = new byte[indices.length * Cifar10.IMAGE_BYTES];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(
          split.images(),
          split.imageOffset(indices[i]),
          out,
          i * Cifar10.IMAGE_BYTES,
          Cifar10.IMAGE_BYTES);
    }
    return out;
  }

  private byte[] whitened(int[] indices) {
    int values = indices.length * Crop.VALUES;
    if (floats.length < values) {
      floats = new float[values];
    }
    for (int i = 0; i < indices.length; i++) {
      int index = indices[i];
      Crop crop =
          switch (cropping) {
            case CENTER -> Crop.CENTER;
            case RANDOM -> Crop.random(seed, epoch, index);
          };
      Whitening.cropAndWhiten(
          split.images(), split.imageOffset(index), crop, floats, i * Crop.VALUES);
    }
    byte[] out = new byte[values * Float.BYTES];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(floats, 0, values);
    return out;
  }
}
