package dev.gengap.learning.bench;

import dev.gengap.learning.training.LabeledBatch;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Endless copies of a few random batches: benchmark input that costs nothing to produce. */
final class SyntheticBatches {

  private final LabeledBatch[] distinct;

  SyntheticBatches(long seed, int batchSize, int distinctBatches) {
    SplittableRandom random = new SplittableRandom(seed);
    distinct = new LabeledBatch[distinctBatches];
    for (int b = 0; b < distinctBatches; b++) {
      float[] pixels = new float[batchSize * LabeledBatch.IMAGE_VALUES];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) (random.nextDouble() * 2 - 1);
      }
      int[] labels = random.ints(batchSize, 0, 10).toArray();
      distinct[b] = new LabeledBatch(pixels, labels, batchSize);
    }
  }

  Iterator<LabeledBatch> take(int batches) {
    return Stream.iterate(0, i -> i + 1)
        .limit(batches)
        .map(i -> distinct[i % distinct.length])
        .iterator();
  }
}
