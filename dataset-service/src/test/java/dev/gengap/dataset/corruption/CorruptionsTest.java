package dev.gengap.dataset.corruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.source.ChannelStats;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.source.ImageShape;
import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.spec.Datasets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionsTest {
  private static final int RECORDS = 1000;
  private static final long SEED = 17;
  @TempDir static Path dir;
  private static ImageSet data;

  @BeforeAll
  static void load() {
    data = new CifarFiles(RECORDS).load(SyntheticCifar.writeFixture(dir, RECORDS));
  }

  private static DataSpec spec(CorruptionKind kind, double p) {
    return new DataSpec(Datasets.CIFAR10, SEED, kind, p, TestLabels.TRUE, 0);
  }

  @Test
  void partialLabelsChangeAboutNineTenthsOfP() {
    for (double p : new double[] {0.2, 0.5, 0.8}) {
      Variant variant = Corruptions.materialize(data, spec(CorruptionKind.PARTIAL_LABELS, p));
      int n = data.trainSize();
      double changed = changedLabels(variant.train(), n);
      // Each label changes independently with probability 0.9·p: allow 4 binomial std devs.
      double q = 0.9 * p;
      double bound = 4 * Math.sqrt(q * (1 - q) / n);
      assertThat(changed / n).as("p=%s", p).isCloseTo(q, within(bound));
      assertThat(variant.train().trueLabels()).isEqualTo(data.trainLabels());
    }
  }

  @Test
  void randomLabelsAreUniformAndEqualPartialLabelsWithPOne() {
    Variant random = Corruptions.materialize(data, spec(CorruptionKind.RANDOM_LABELS, 0));
    Variant partial = Corruptions.materialize(data, spec(CorruptionKind.PARTIAL_LABELS, 1));
    assertThat(random.train().labels()).isEqualTo(partial.train().labels());

    int n = data.trainSize();
    assertThat(changedLabels(random.train(), n) / (double) n)
        .isCloseTo(0.9, within(4 * Math.sqrt(0.09 / n)));
    int[] counts = new int[10];
    for (byte label : random.train().labels()) {
      counts[label]++;
    }
    // Each class ~ Binomial(n, 0.1): 5 std devs either way.
    double sd = Math.sqrt(n * 0.1 * 0.9);
    assertThat(Arrays.stream(counts).boxed().toList())
        .allSatisfy(c -> assertThat((double) c).isCloseTo(n / 10.0, within(5 * sd)));
  }

  @Test
  void testLabelsStayTrueUnlessAsked() {
    Variant kept = Corruptions.materialize(data, spec(CorruptionKind.RANDOM_LABELS, 0));
    assertThat(kept.test().labels()).isEqualTo(data.testLabels());

    Variant corrupted =
        Corruptions.materialize(
            data,
            new DataSpec(
                Datasets.CIFAR10, SEED, CorruptionKind.RANDOM_LABELS, 0, TestLabels.CORRUPTED, 0));
    int n = data.testSize();
    assertThat(changedLabels(corrupted.test(), n) / (double) n)
        .isCloseTo(0.9, within(4 * Math.sqrt(0.09 / n)));
    // Drawn for the test split, not copied from the training draws.
    assertThat(Arrays.copyOf(corrupted.test().labels(), n))
        .isNotEqualTo(Arrays.copyOf(corrupted.train().labels(), n));
  }

  @Test
  void shuffledPixelsUseOnePermutationForTrainAndTest() {
    Variant variant = Corruptions.materialize(data, spec(CorruptionKind.SHUFFLED_PIXELS, 0));
    int[] fromTrain = readPermutation(variant.train().images(), 0);
    int[] fromTest = readPermutation(variant.test().images(), 0);

    assertThat(fromTrain).isEqualTo(fromTest);
    assertThat(isIdentity(fromTrain)).isFalse();
    assertThat(Arrays.stream(fromTrain).sorted().toArray()).isEqualTo(identity());
    for (int i = 0; i < data.trainSize(); i += 97) {
      assertPermuted(data.trainImages(), variant.train().images(), i, fromTrain);
    }
    for (int i = 0; i < data.testSize(); i += 31) {
      assertPermuted(data.testImages(), variant.test().images(), i, fromTrain);
    }
    assertThat(variant.train().labels()).isEqualTo(data.trainLabels());
  }

  @Test
  void randomPixelsPermuteEachImageDifferentlyAndKeepItsPixels() {
    Variant variant = Corruptions.materialize(data, spec(CorruptionKind.RANDOM_PIXELS, 0));
    int[] first = readPermutation(variant.train().images(), 0);
    int[] second = readPermutation(variant.train().images(), ImageShape.CIFAR10.imageBytes());
    int[] test = readPermutation(variant.test().images(), 0);
    assertThat(first).isNotEqualTo(second).isNotEqualTo(test);
    assertThat(second).isNotEqualTo(test);

    for (int i = 0; i < data.trainSize(); i += 7) {
      assertThat(pixelMultiset(variant.train().images(), i))
          .as("image %d", i)
          .isEqualTo(pixelMultiset(data.trainImages(), i));
      assertThat(
              Arrays.equals(
                  variant.train().images(),
                  i * 3072,
                  i * 3072 + 3072,
                  data.trainImages(),
                  i * 3072,
                  i * 3072 + 3072))
          .isFalse();
    }
    for (int i = 0; i < data.testSize(); i += 7) {
      assertThat(pixelMultiset(variant.test().images(), i))
          .isEqualTo(pixelMultiset(data.testImages(), i));
    }
  }

  @Test
  void gaussianPixelsMatchTheCleanChannelStatistics() {
    Variant variant = Corruptions.materialize(data, spec(CorruptionKind.GAUSSIAN, 0));
    List<ChannelStats> clean = data.trainChannelStats();
    List<ChannelStats> drawn = ChannelStats.of(variant.train().images(), ImageShape.CIFAR10);
    for (int c = 0; c < 3; c++) {
      // 5,000 × 1,024 draws per channel: the mean's std error is ~0.02; rounding adds 1/12 to
      // the variance.
      assertThat(drawn.get(c).mean()).isCloseTo(clean.get(c).mean(), within(0.2));
      assertThat(drawn.get(c).std()).isCloseTo(clean.get(c).std(), within(0.2));
    }
    List<ChannelStats> drawnTest = ChannelStats.of(variant.test().images(), ImageShape.CIFAR10);
    assertThat(drawnTest.get(1).mean()).isCloseTo(clean.get(1).mean(), within(0.5));
    assertThat(Arrays.copyOf(variant.test().images(), 3072))
        .isNotEqualTo(Arrays.copyOf(variant.train().images(), 3072));
  }

  @Test
  void everyCorruptionIsIdenticalAcrossRestartsAndThreadCounts(@TempDir Path other)
      throws Exception {
    ImageSet reloaded = new CifarFiles(RECORDS).load(SyntheticCifar.writeFixture(other, RECORDS));
    ForkJoinPool one = new ForkJoinPool(1);
    ForkJoinPool four = new ForkJoinPool(4);
    try {
      for (CorruptionKind kind : CorruptionKind.values()) {
        DataSpec spec = spec(kind, kind == CorruptionKind.PARTIAL_LABELS ? 0.3 : 0);
        Variant a = one.submit(() -> Corruptions.materialize(data, spec)).get();
        Variant b = four.submit(() -> Corruptions.materialize(reloaded, spec)).get();
        assertThat(b.train().contentHash()).as("%s", kind).isEqualTo(a.train().contentHash());
        assertThat(b.test().contentHash()).as("%s", kind).isEqualTo(a.test().contentHash());
        assertThat(b.train().images()).isEqualTo(a.train().images());
      }
    } finally {
      one.shutdown();
      four.shutdown();
    }
  }

  @Test
  void seedsMatterOnlyWhereThereIsSomethingToDraw() {
    DataSpec clean = DataSpec.trueLabels(Datasets.CIFAR10, 1);
    assertThat(Corruptions.materialize(data, clean).train().contentHash())
        .isEqualTo(
            Corruptions.materialize(data, DataSpec.trueLabels(Datasets.CIFAR10, 2))
                .train()
                .contentHash());
    for (CorruptionKind kind :
        List.of(
            CorruptionKind.RANDOM_LABELS, CorruptionKind.SHUFFLED_PIXELS,
            CorruptionKind.RANDOM_PIXELS, CorruptionKind.GAUSSIAN)) {
      String one =
          Corruptions.materialize(
                  data, new DataSpec(Datasets.CIFAR10, 1, kind, 0, TestLabels.TRUE, 0))
              .train()
              .contentHash();
      String two =
          Corruptions.materialize(
                  data, new DataSpec(Datasets.CIFAR10, 2, kind, 0, TestLabels.TRUE, 0))
              .train()
              .contentHash();
      assertThat(one).as("%s", kind).isNotEqualTo(two);
    }
  }

  @Test
  void trainSubsetKeepsTheFirstExamplesWithTheSameCorruption() {
    Variant full = Corruptions.materialize(data, spec(CorruptionKind.RANDOM_LABELS, 0));
    Variant subset =
        Corruptions.materialize(
            data,
            new DataSpec(
                Datasets.CIFAR10, SEED, CorruptionKind.RANDOM_LABELS, 0, TestLabels.TRUE, 123));
    assertThat(subset.train().size()).isEqualTo(123);
    assertThat(subset.test().size()).isEqualTo(data.testSize());
    assertThat(Arrays.copyOf(subset.train().labels(), 123))
        .isEqualTo(Arrays.copyOf(full.train().labels(), 123));
    assertThat(subset.train().contentHash()).isNotEqualTo(full.train().contentHash());
    assertThat(subset.test().contentHash()).isEqualTo(full.test().contentHash());
  }

  private static int changedLabels(SplitData split, int n) {
    int changed = 0;
    for (int i = 0; i < n; i++) {
      changed += split.labels()[i] != split.trueLabels()[i] ? 1 : 0;
    }
    return changed;
  }

  /** For a corrupted position image: which original position each position now shows. */
  private static int[] readPermutation(byte[] images, int offset) {
    int[] permutation = new int[ImageShape.CIFAR10.plane()];
    for (int q = 0; q < ImageShape.CIFAR10.plane(); q++) {
      permutation[q] = SyntheticCifar.positionOf(images, offset, q);
    }
    return permutation;
  }

  private static void assertPermuted(byte[] clean, byte[] corrupted, int i, int[] permutation) {
    int base = i * ImageShape.CIFAR10.imageBytes();
    for (int c = 0; c < 3; c++) {
      for (int q = 0; q < ImageShape.CIFAR10.plane(); q++) {
        int plane = base + c * ImageShape.CIFAR10.plane();
        if (corrupted[plane + q] != clean[plane + permutation[q]]) {
          throw new AssertionError("image " + i + " channel " + c + " position " + q);
        }
      }
    }
  }

  /** The image's (R, G, B) triples, sorted. */
  private static int[] pixelMultiset(byte[] images, int i) {
    int base = i * ImageShape.CIFAR10.imageBytes();
    int[] triples = new int[ImageShape.CIFAR10.plane()];
    for (int q = 0; q < ImageShape.CIFAR10.plane(); q++) {
      triples[q] =
          (images[base + q] & 0xFF) << 16
              | (images[base + ImageShape.CIFAR10.plane() + q] & 0xFF) << 8
              | images[base + 2 * ImageShape.CIFAR10.plane() + q] & 0xFF;
    }
    Arrays.sort(triples);
    return triples;
  }

  private static int[] identity() {
    int[] id = new int[ImageShape.CIFAR10.plane()];
    Arrays.setAll(id, q -> q);
    return id;
  }

  private static boolean isIdentity(int[] permutation) {
    return Arrays.equals(permutation, identity());
  }
}
