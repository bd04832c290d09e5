package dev.gengap.dataset.corruption;

import dev.gengap.dataset.source.ChannelStats;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.source.ImageShape;
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
  public static Variant materialize(ImageSet data, DataSpec spec) {
    DataSpec canonical = spec.canonical();
    if (!canonical.dataset().equals(data.name())) {
      throw new IllegalArgumentException(
          "spec for " + canonical.dataset() + " applied to " + data.name());
    }
    int trainSize = trainSize(data, canonical);
    int testSize = data.testSize();
    long seed = canonical.seed();
    ImageShape shape = data.shape();
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
            int[] permutation = new int[shape.plane()];
            Draws.permutation(Draws.generator(seed, Purpose.SHUFFLED_PIXELS, 0), permutation);
            yield new Images(
                permutePixels(shape, data.trainImages(), trainSize, i -> permutation),
                permutePixels(shape, data.testImages(), testSize, i -> permutation));
          }
          case RANDOM_PIXELS ->
              new Images(
                  permutePixels(
                      shape,
                      data.trainImages(),
                      trainSize,
                      i -> randomPermutation(shape, seed, Purpose.TRAIN_RANDOM_PIXELS, i)),
                  permutePixels(
                      shape,
                      data.testImages(),
                      testSize,
                      i -> randomPermutation(shape, seed, Purpose.TEST_RANDOM_PIXELS, i)));
          case GAUSSIAN ->
              new Images(
                  gaussian(
                      shape, data.trainChannelStats(), trainSize, seed, Purpose.TRAIN_GAUSSIAN),
                  gaussian(shape, data.trainChannelStats(), testSize, seed, Purpose.TEST_GAUSSIAN));
        };
    return new Variant(
        canonical,
        split(shape, images.train(), trainLabels, data.trainLabels(), trainSize),
        split(shape, images.test(), testLabels, data.testLabels(), testSize));
  }

  private record Images(byte[] train, byte[] test) {}

  /** Training examples served under {@code spec}: its subset, or the whole split. */
  public static int trainSize(ImageSet data, DataSpec spec) {
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
      labels[i] = random.nextDouble() < p ? (byte) random.nextInt(ImageSet.CLASSES) : clean[i];
    }
    return labels;
  }

  /** The permutation of RANDOM_PIXELS for one image. */
  static int[] randomPermutation(ImageShape shape, long seed, Purpose purpose, int index) {
    int[] permutation = new int[shape.plane()];
    Draws.permutation(Draws.generator(seed, purpose, index), permutation);
    return permutation;
  }

  /**
   * Pixel position q of image i takes position permutation(i)[q]; the channels (R, G and B) move
   * together.
   */
  private static byte[] permutePixels(
      ImageShape shape, byte[] images, int size, IntFunction<int[]> permutationOf) {
    byte[] out = new byte[size * shape.imageBytes()];
    IntStream.range(0, size)
        .parallel()
        .forEach(
            i -> {
              int[] permutation = permutationOf.apply(i);
              int base = i * shape.imageBytes();
              for (int c = 0; c < shape.channels(); c++) {
                int plane = base + c * shape.plane();
                for (int q = 0; q < shape.plane(); q++) {
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
  private static byte[] gaussian(
      ImageShape shape, List<ChannelStats> stats, int size, long seed, Purpose purpose) {
    List<MatchedGaussian> draws =
        stats.stream().map(s -> MatchedGaussian.forMoments(s.mean(), s.std())).toList();
    byte[] out = new byte[size * shape.imageBytes()];
    IntStream.range(0, size)
        .parallel()
        .forEach(
            i -> {
              SplittableRandom random = Draws.generator(seed, purpose, i);
              int base = i * shape.imageBytes();
              for (int c = 0; c < shape.channels(); c++) {
                MatchedGaussian draw = draws.get(c);
                int plane = base + c * shape.plane();
                for (int q = 0; q < shape.plane(); q++) {
                  out[plane + q] = (byte) draw.draw(random);
                }
              }
            });
    return out;
  }

  private static SplitData split(
      ImageShape shape, byte[] images, byte[] labels, byte[] trueLabels, int size) {
    return new SplitData(
        shape, images, labels, trueLabels, size, contentHash(shape, images, labels, size));
  }

  /** SHA-256 over each example's served label byte followed by its pixel bytes (3072 or 784). */
  static String contentHash(ImageShape shape, byte[] images, byte[] labels, int size) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    for (int i = 0; i < size; i++) {
      sha.update(labels[i]);
      sha.update(images, i * shape.imageBytes(), shape.imageBytes());
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
