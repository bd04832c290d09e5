package dev.gengap.dataset.corruption;

import dev.gengap.dataset.cifar.ChannelStats;
import dev.gengap.dataset.cifar.Cifar10;
import dev.gengap.plumbing.InvalidArgumentException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Builds the corrupted variants of DESIGN.md §1. Every example's corruption is drawn from its own
 * generator ({@link Draws}), so examples are built in parallel and the result never depends on the
 * thread count.
 */
public final class Corruptions {
  private Corruptions() {}

  /** Materializes {@code spec} over {@code data}. */
  public static Variant materialize(Cifar10 data, DataSpec spec) {
    DataSpec canonical = spec.canonical();
    int trainSize = trainSize(data, canonical);
    int testSize = data.testSize();
    long seed = canonical.seed();
    double p = canonical.labelProbability();

    byte[] trainLabels =
        p > 0
            ? corruptLabels(data.trainLabels(), trainSize, seed, Purpose.TRAIN_LABELS, p)
            : data.trainLabels();
    byte[] testLabels =
        p > 0 && canonical.testLabels() == TestLabels.CORRUPTED
            ? corruptLabels(data.testLabels(), testSize, seed, Purpose.TEST_LABELS, p)
            : data.testLabels();

    Images images =
        switch (canonical.corruption()) {
          case TRUE_LABELS, PARTIAL_LABELS, RANDOM_LABELS ->
              new Images(data.trainImages(), data.testImages());
          case SHUFFLED_PIXELS -> {
            int[] permutation = new int[Cifar10.PLANE];
            Draws.permutation(Draws.generator(seed, Purpose.SHUFFLED_PIXELS, 0), permutation);
            yield new Images(
                permutePixels(data.trainImages(), trainSize, i -> permutation),
                permutePixels(data.testImages(), testSize, i -> permutation));
          }
          case RANDOM_PIXELS ->
              new Images(
                  permutePixels(
                      data.trainImages(),
                      trainSize,
                      i -> randomPermutation(seed, Purpose.TRAIN_RANDOM_PIXELS, i)),
                  permutePixels(
                      data.testImages(),
                      testSize,
                      i -> randomPermutation(seed, Purpose.TEST_RANDOM_PIXELS, i)));
          case GAUSSIAN ->
              new Images(
                  gaussian(data.trainChannelStats(), trainSize, seed, Purpose.TRAIN_GAUSSIAN),
                  gaussian(data.trainChannelStats(), testSize, seed, Purpose.TEST_GAUSSIAN));
        };
    return new Variant(
        canonical,
        split(images.train(), trainLabels, data.trainLabels(), trainSize),
        split(images.test(), testLabels, data.testLabels(), testSize));
  }

  private record Images(byte[] train, byte[] test) {}

  /** Training examples served under {@code spec}: its subset, or the whole split. */
  public static int trainSize(Cifar10 data, DataSpec spec) {
    if (spec.trainSubset() > data.trainSize()) {
      throw new InvalidArgumentException(
          "data.train_subset",
          "must be at most the training set's size "
              + data.trainSize()
              + ", was "
              + spec.trainSubset());
    }
    return spec.trainSubset() == 0 ? data.trainSize() : spec.trainSubset();
  }

  /**
   * With probability p, a uniform draw from the 10 classes (so ≈ 0.9·p actually change); both draws
   * come from the example's own generator.
   */
  static byte[] corruptLabels(byte[] clean, int size, long seed, Purpose purpose, double p) {
    byte[] labels = new byte[size];
    for (int i = 0; i < size; i++) {
      SplittableRandom random = Draws.generator(seed, purpose, i);
      labels[i] = random.nextDouble() < p ? (byte) random.nextInt(Cifar10.CLASSES) : clean[i];
    }
    return labels;
  }

  /** The permutation of RANDOM_PIXELS for one image. */
  static int[] randomPermutation(long seed, Purpose purpose, int index) {
    int[] permutation = new int[Cifar10.PLANE];
    Draws.permutation(Draws.generator(seed, purpose, index), permutation);
    return permutation;
  }

  /** Pixel position q of image i takes position permutation(i)[q]; R, G and B move together. */
  private static byte[] permutePixels(byte[] images, int size, IntFunction<int[]> permutationOf) {
    byte[] out = new byte[size * Cifar10.IMAGE_BYTES];
    IntStream.range(0, size)
        .parallel()
        .forEach(
            i -> {
              int[] permutation = permutationOf.apply(i);
              int base = i * Cifar10.IMAGE_BYTES;
              for (int c = 0; c < Cifar10.CHANNELS; c++) {
                int plane = base + c * Cifar10.PLANE;
                for (int q = 0; q < Cifar10.PLANE; q++) {
                  out[plane + q] = images[plane + permutation[q]];
                }
              }
            });
    return out;
  }

  /**
   * Each pixel drawn so that the served (rounded, clipped) pixels have the clean training set's
   * per-channel mean and standard deviation.
   */
  private static byte[] gaussian(List<ChannelStats> stats, int size, long seed, Purpose purpose) {
    List<MatchedGaussian> draws =
        stats.stream().map(s -> MatchedGaussian.forMoments(s.mean(), s.std())).toList();
    byte[] out = new byte[size * Cifar10.IMAGE_BYTES];
    IntStream.range(0, size)
        .parallel()
        .forEach(
            i -> {
              SplittableRandom random = Draws.generator(seed, purpose, i);
              int base = i * Cifar10.IMAGE_BYTES;
              for (int c = 0; c < Cifar10.CHANNELS; c++) {
                MatchedGaussian draw = draws.get(c);
                int plane = base + c * Cifar10.PLANE;
                for (int q = 0; q < Cifar10.PLANE; q++) {
                  out[plane + q] = (byte) draw.draw(random);
                }
              }
            });
    return out;
  }

  private static SplitData split(byte[] images, byte[] labels, byte[] trueLabels, int size) {
    return new SplitData(images, labels, trueLabels, size, contentHash(images, labels, size));
  }

  /** SHA-256 over each example's served label byte followed by its 3072 pixel bytes. */
  static String contentHash(byte[] images, byte[] labels, int size) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    for (int i = 0; i < size; i++) {
      sha.update(labels[i]);
      sha.update(images, i * Cifar10.IMAGE_BYTES, Cifar10.IMAGE_BYTES);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
