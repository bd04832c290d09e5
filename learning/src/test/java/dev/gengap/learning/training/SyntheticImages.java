package dev.gengap.learning.training;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random "whitened" images (standard normal values) with uniformly random labels: data with no
 * structure, which a network can fit only by memorizing it.
 */
record SyntheticImages(float[] pixels, int[] labels) {

  static SyntheticImages randomLabels(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] pixels = new float[count * LabeledBatch.IMAGE_VALUES];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) gaussian(random);
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = random.nextInt(10);
    }
    return new SyntheticImages(pixels, labels);
  }

  int size() {
    return labels.length;
  }

  SyntheticImages withLabels(int[] newLabels) {
    return new SyntheticImages(pixels, newLabels);
  }

  /** The images in order, {@code batchSize} at a time (the last batch may be smaller). */
  Iterator<LabeledBatch> batches(int batchSize) {
    List<LabeledBatch> batches = new ArrayList<>();
    for (int start = 0; start < size(); start += batchSize) {
      int n = Math.min(batchSize, size() - start);
      float[] batchPixels = new float[n * LabeledBatch.IMAGE_VALUES];
      System.arraycopy(
          pixels, start * LabeledBatch.IMAGE_VALUES, batchPixels, 0, batchPixels.length);
      int[] batchLabels = new int[n];
      System.arraycopy(labels, start, batchLabels, 0, n);
      batches.add(new LabeledBatch(batchPixels, batchLabels, n));
    }
    return batches.iterator();
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
