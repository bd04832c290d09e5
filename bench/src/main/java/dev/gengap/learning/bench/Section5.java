package dev.gengap.learning.bench;

import dev.gengap.learning.interpolation.Examples;
import dev.gengap.learning.interpolation.KernelInterpolation;
import dev.gengap.learning.interpolation.LinearSgd;
import dev.gengap.learning.interpolation.MinimumNormLinear;
import dev.gengap.learning.interpolation.RbfKernel;
import dev.gengap.learning.interpolation.TwoLayerInterpolant;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.ejml.data.DMatrixRMaj;

/**
 * The closed-form experiments of Sections 4 and 5 on real data, read straight from the data files
 * (raw pixels ÷ 255, no crop, no whitening), for docs/section5.md.
 *
 * <ul>
 *   <li>{@code kernel cifar10|fashion-mnist DIR N GAMMA|auto [RIDGE]}: Gaussian-kernel
 *       interpolation on the first N training images, test error on the whole test set. {@code
 *       auto} takes γ = 1 / (mean squared distance of 2,000 random training pairs).
 *   <li>{@code sgd DIR N EPOCHS}: SGD from zero on the linear least-squares model of the first N
 *       CIFAR-10 images beside the minimum-norm interpolant.
 *   <li>{@code theorem1 DIR N SEED}: Theorem 1's network on the first N CIFAR-10 images with
 *       uniformly random labels drawn from SEED.
 * </ul>
 */
public final class Section5 {
  private static final int CIFAR_RECORD = 1 + 3 * 32 * 32;
  private static final int CIFAR_BATCH = 10_000;

  private Section5() {}

  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    switch (args[0]) {
      case "kernel" -> kernel(args);
      case "sgd" -> sgd(args);
      case "theorem1" -> theorem1(args);
      default -> throw new IllegalArgumentException("unknown experiment " + args[0]);
    }
    System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  private static void kernel(String[] args) throws IOException {
    String dataset = args[1];
    Path dir = Path.of(args[2]);
    int n = Integer.parseInt(args[3]);
    Examples train = read(dataset, dir, true, n);
    Examples test = read(dataset, dir, false, Integer.MAX_VALUE);
    double gamma = args[4].equals("auto") ? 1 / meanSquaredDistance(train) : parse(args[4]);
    double ridge = args.length > 5 ? parse(args[5]) : 0;
    KernelInterpolation.checkMemory(
        n, train.dimension(), train.classes(), Runtime.getRuntime().maxMemory());
    KernelInterpolation.Fit fit = KernelInterpolation.fit(train, new RbfKernel(gamma), ridge);
    long predictStart = System.nanoTime();
    double testAccuracy = test.accuracy(fit.model().scores(test.features()));
    System.out.printf(
        Locale.ROOT,
        "kernel %s n=%d d=%d gamma=%.6g ridge=%s solver=%s solve=%.1fs train_acc=%.4f"
            + " test_error=%.2f%% rkhs_norm=%.1f cond=%.3g predict=%.1fs%n",
        dataset,
        n,
        train.dimension(),
        gamma,
        ridge,
        fit.solver(),
        fit.solveSeconds(),
        fit.trainAccuracy(),
        100 * (1 - testAccuracy),
        fit.rkhsNorm(),
        fit.conditionEstimate(),
        (System.nanoTime() - predictStart) / 1e9);
  }

  private static void sgd(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    int n = Integer.parseInt(args[2]);
    int epochs = Integer.parseInt(args[3]);
    Examples train = read("cifar10", dir, true, n);
    Examples test = read("cifar10", dir, false, Integer.MAX_VALUE);
    DMatrixRMaj minimumNorm = MinimumNormLinear.solve(train);
    System.out.println("epoch,steps,train_loss,weight_norm,relative_distance");
    DMatrixRMaj sgd =
        new LinearSgd(train, minimumNorm, 1.0, 0)
            .run(
                epochs,
                e -> {
                  if (e.epoch() <= 10 || e.epoch() % 10 == 0) {
                    System.out.printf(
                        Locale.ROOT,
                        "%d,%d,%.6g,%.6g,%.6g%n",
                        e.epoch(),
                        e.steps(),
                        e.trainLoss(),
                        e.weightNorm(),
                        e.relativeDistance());
                  }
                });
    System.out.printf(
        Locale.ROOT,
        "min-norm ‖W‖=%.4f test_acc=%.4f; sgd test_acc=%.4f%n",
        org.ejml.dense.row.NormOps_DDRM.normF(minimumNorm),
        test.accuracy(MinimumNormLinear.scores(minimumNorm, test.features())),
        test.accuracy(MinimumNormLinear.scores(sgd, test.features())));
  }

  private static void theorem1(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    int n = Integer.parseInt(args[2]);
    long seed = Long.parseLong(args[3]);
    Examples clean = read("cifar10", dir, true, n);
    SplittableRandom random = new SplittableRandom(seed);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(clean.classes());
    }
    Examples train = new Examples(clean.features(), labels, clean.classes());
    Examples test = read("cifar10", dir, false, Integer.MAX_VALUE);
    long start = System.nanoTime();
    TwoLayerInterpolant network = TwoLayerInterpolant.fit(train, seed);
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "theorem1 n=%d d=%d weights=%d (2n+d=%d) fit=%.1fs train_acc=%.4f max|w|=%.4g"
            + " test_acc=%.4f%n",
        n,
        train.dimension(),
        network.weightCount(),
        2L * n + train.dimension(),
        fitSeconds,
        network.accuracy(train),
        network.largestWeight(),
        network.accuracy(test));
  }

  private static double parse(String value) {
    return Double.parseDouble(value);
  }

  private static double meanSquaredDistance(Examples train) {
    SplittableRandom random = new SplittableRandom(0);
    double sum = 0;
    int pairs = 2000;
    for (int p = 0; p < pairs; p++) {
      int i = random.nextInt(train.size());
      int j = random.nextInt(train.size());
      for (int c = 0; c < train.dimension(); c++) {
        double diff = train.features().unsafe_get(i, c) - train.features().unsafe_get(j, c);
        sum += diff * diff;
      }
    }
    double mean = sum / pairs;
    System.out.printf(Locale.ROOT, "mean squared distance %.4g%n", mean);
    return mean;
  }

  private static Examples read(String dataset, Path dir, boolean train, int limit)
      throws IOException {
    return switch (dataset) {
      case "cifar10" -> cifar(dir, train, limit);
      case "fashion-mnist", "mnist" -> idx(dir, train, limit);
      default -> throw new IllegalArgumentException("unknown data set " + dataset);
    };
  }

  /** CIFAR-10 binary batches: label byte, then 3 × 1024 plane-order pixels. */
  private static Examples cifar(Path dir, boolean train, int limit) throws IOException {
    int n = Math.min(limit, train ? 5 * CIFAR_BATCH : CIFAR_BATCH);
    DMatrixRMaj x = new DMatrixRMaj(n, CIFAR_RECORD - 1);
    int[] labels = new int[n];
    byte[] record = new byte[CIFAR_RECORD];
    int i = 0;
    for (int batch = 1; i < n; batch++) {
      String file = train ? "data_batch_" + batch + ".bin" : "test_batch.bin";
      try (InputStream in = Files.newInputStream(dir.resolve(file))) {
        for (int r = 0; r < CIFAR_BATCH && i < n; r++, i++) {
          if (in.readNBytes(record, 0, CIFAR_RECORD) != CIFAR_RECORD) {
            throw new IOException(file + ": truncated");
          }
          labels[i] = record[0];
          for (int p = 1; p < CIFAR_RECORD; p++) {
            x.unsafe_set(i, p - 1, (record[p] & 0xFF) / 255.0);
          }
        }
      }
    }
    return new Examples(x, labels, 10);
  }

  /** MNIST-format IDX files, gzip-compressed, as Debian's dataset-fashion-mnist ships them. */
  private static Examples idx(Path dir, boolean train, int limit) throws IOException {
    String prefix = train ? "train" : "t10k";
    try (DataInputStream images =
            new DataInputStream(
                new GZIPInputStream(
                    Files.newInputStream(dir.resolve(prefix + "-images-idx3-ubyte.gz"))));
        DataInputStream labelFile =
            new DataInputStream(
                new GZIPInputStream(
                    Files.newInputStream(dir.resolve(prefix + "-labels-idx1-ubyte.gz"))))) {
      if (images.readInt() != 0x803 || labelFile.readInt() != 0x801) {
        throw new IOException(dir + ": not IDX image/label files");
      }
      int count = images.readInt();
      int pixels = images.readInt() * images.readInt();
      labelFile.readInt();
      int n = Math.min(limit, count);
      DMatrixRMaj x = new DMatrixRMaj(n, pixels);
      int[] labels = new int[n];
      byte[] image = new byte[pixels];
      for (int i = 0; i < n; i++) {
        images.readFully(image);
        labels[i] = labelFile.readUnsignedByte();
        for (int p = 0; p < pixels; p++) {
          x.unsafe_set(i, p, (image[p] & 0xFF) / 255.0);
        }
      }
      return new Examples(x, labels, 10);
    }
  }
}
