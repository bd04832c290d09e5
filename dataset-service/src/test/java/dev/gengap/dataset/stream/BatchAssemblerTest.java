package dev.gengap.dataset.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.dataset.corruption.SplitData;
import dev.gengap.dataset.preprocess.Crop;
import dev.gengap.dataset.preprocess.Whitening;
import dev.gengap.dataset.source.ImageShape;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {
  private static final int EXAMPLES = 100;
  private static final long SEED = 5;
  private static final int EPOCH = 3;
  private final SplitData split = randomSplit();

  @Test
  void largeFloatBatchComesInWholeExampleChunksUnderTheChunkLimit() {
    int[] indices = indices(EXAMPLES);
    ExampleBatch batch =
        new BatchAssembler(split, Encoding.FLOAT32_NCHW, Cropping.RANDOM, SEED, EPOCH)
            .assemble(0, indices);

    int examplesPerChunk =
        BatchAssembler.CHUNK_BYTES / (Crop.values(ImageShape.CIFAR10) * Float.BYTES); // 27
    assertThat(batch.data()).hasSize((EXAMPLES + examplesPerChunk - 1) / examplesPerChunk);
    assertThat(batch.data())
        .allSatisfy(
            chunk -> {
              assertThat(chunk.length).isLessThanOrEqualTo(BatchAssembler.CHUNK_BYTES);
              assertThat(chunk.length % (Crop.values(ImageShape.CIFAR10) * Float.BYTES)).isZero();
            });
    assertThat(batch.dataBytes())
        .isEqualTo((long) EXAMPLES * Crop.values(ImageShape.CIFAR10) * Float.BYTES);

    // The chunks, joined, are each example's whitened random crop in batch order.
    float[] expected = new float[EXAMPLES * Crop.values(ImageShape.CIFAR10)];
    for (int i = 0; i < EXAMPLES; i++) {
      Whitening.cropAndWhiten(
          split.images(),
          ImageShape.CIFAR10,
          split.imageOffset(indices[i]),
          Crop.random(SEED, EPOCH, indices[i]),
          expected,
          i * Crop.values(ImageShape.CIFAR10));
    }
    float[] actual = new float[expected.length];
    ByteBuffer.wrap(joined(batch)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(actual);
    assertThat(actual).containsExactly(expected);
  }

  @Test
  void rawBatchChunksJoinToTheExamplesPixels() {
    int[] indices = indices(EXAMPLES);
    ExampleBatch batch =
        new BatchAssembler(split, Encoding.UINT8_RAW, Cropping.CENTER, SEED, EPOCH)
            .assemble(0, indices);

    assertThat(batch.data()).hasSizeGreaterThan(1);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int index : indices) {
      expected.write(split.images(), split.imageOffset(index), ImageShape.CIFAR10.imageBytes());
    }
    assertThat(joined(batch)).isEqualTo(expected.toByteArray());
  }

  @Test
  void unitBatchIsEveryRawPixelOver255() {
    int[] indices = indices(EXAMPLES);
    ExampleBatch batch =
        new BatchAssembler(split, Encoding.FLOAT32_UNIT, Cropping.CENTER, SEED, EPOCH)
            .assemble(0, indices);

    assertThat(batch.shape()).containsExactly(EXAMPLES, 3, 32, 32);
    FloatBuffer values =
        ByteBuffer.wrap(joined(batch)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    assertThat(values.remaining()).isEqualTo(EXAMPLES * ImageShape.CIFAR10.imageBytes());
    for (int index : indices) {
      int offset = split.imageOffset(index);
      for (int p = 0; p < ImageShape.CIFAR10.imageBytes(); p++) {
        assertThat(values.get()).isEqualTo((split.images()[offset + p] & 0xFF) / 255f);
      }
    }
  }

  @Test
  void smallBatchIsOneChunk() {
    ExampleBatch batch =
        new BatchAssembler(split, Encoding.FLOAT32_NCHW, Cropping.CENTER, SEED, EPOCH)
            .assemble(0, new int[] {7, 3});

    assertThat(batch.data()).hasSize(1);
    assertThat(batch.data().get(0)).hasSize(2 * Crop.values(ImageShape.CIFAR10) * Float.BYTES);
  }

  /** Indices in a scrambled order, as a shuffled epoch would have them. */
  private static int[] indices(int count) {
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = (i * 37) % EXAMPLES;
    }
    return indices;
  }

  private static byte[] joined(ExampleBatch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] chunk : batch.data()) {
      out.write(chunk, 0, chunk.length);
    }
    return out.toByteArray();
  }

  private static SplitData randomSplit() {
    byte[] images = new byte[EXAMPLES * ImageShape.CIFAR10.imageBytes()];
    new SplittableRandom(1).nextBytes(images);
    byte[] labels = new byte[EXAMPLES];
    return new SplitData(ImageShape.CIFAR10, images, labels, labels, EXAMPLES, "test");
  }
}
