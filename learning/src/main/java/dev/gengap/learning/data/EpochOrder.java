package dev.gengap.learning.data;

import java.util.SplittableRandom;

/**
 * The order in which the dataset-service serves a shuffled epoch: a Fisher–Yates permutation of the
 * split drawn from a generator seeded by (data seed, purpose EPOCH_ORDER, epoch). The trainer draws
 * it itself when it trains from a split kept on the device, so it must stay equal to the
 * dataset-service's {@code Draws.permutation(Draws.generator(seed, EPOCH_ORDER, epoch), …)}; the
 * trainer's {@code EpochOrderTest} compares the two.
 */
public final class EpochOrder {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /** The dataset-service's {@code Purpose.EPOCH_ORDER} id. */
  private static final long EPOCH_ORDER = 8;

  private EpochOrder() {}

  /** Split indices 0..size−1 in the order epoch {@code epoch} (1-based) serves them. */
  public static int[] shuffled(long seed, int epoch, int size) {
    long h = mix64(seed + GOLDEN_GAMMA);
    h = mix64(h ^ EPOCH_ORDER);
    SplittableRandom random = new SplittableRandom(mix64(h + (epoch + 1L) * GOLDEN_GAMMA));
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** The SplitMix64 finalizer (Steele, Lea & Flood 2014). */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
