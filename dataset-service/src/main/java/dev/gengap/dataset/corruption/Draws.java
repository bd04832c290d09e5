package dev.gengap.dataset.corruption;

import java.util.SplittableRandom;

/**
 * Every random draw about the data: a fresh generator seeded by a hash of (spec seed, purpose,
 * index...), so a draw depends on nothing else — not on order, thread or restart.
 */
public final class Draws {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Draws() {}

  /** The generator for one (seed, purpose, index) draw. */
  public static SplittableRandom generator(long seed, Purpose purpose, long index) {
    return new SplittableRandom(mix(seed, purpose, index));
  }

  /** The generator for one (seed, purpose, first, second) draw, e.g. (epoch, example). */
  public static SplittableRandom generator(long seed, Purpose purpose, long first, long second) {
    return new SplittableRandom(mix64(mix(seed, purpose, first) + (second + 1) * GOLDEN_GAMMA));
  }

  private static long mix(long seed, Purpose purpose, long index) {
    long h = mix64(seed + GOLDEN_GAMMA);
    h = mix64(h ^ purpose.id());
    return mix64(h + (index + 1) * GOLDEN_GAMMA);
  }

  /** The SplitMix64 finalizer (Steele, Lea & Flood 2014). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Fills {@code order} with a uniform permutation of 0..length-1 (Fisher–Yates). */
  public static void permutation(SplittableRandom random, int[] order) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
