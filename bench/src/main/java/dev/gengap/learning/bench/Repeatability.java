package dev.gengap.learning.bench;

import dev.gengap.learning.training.EpochResult;
import dev.gengap.learning.training.LabeledBatch;
import dev.gengap.learning.training.StepListener;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Trains the same spec (MLP_1X512, random labels on synthetic images) again and again in one JVM
 * and reports every repetition whose per-epoch losses or final parameters differ in any bit from
 * the first. Optional load: threads that burn CPU and churn the heap (so the collector runs often)
 * while the steps run.
 *
 * <p>Args: ENGINE REPEATS EPOCHS EXAMPLES [LOAD_THREADS] [GC_EVERY_STEPS]
 */
public final class Repeatability {

  private Repeatability() {}

  public static void main(String[] args) throws Exception {
    Engine engine = Engine.valueOf(args[0]);
    int repeats = Integer.parseInt(args[1]);
    int epochs = Integer.parseInt(args[2]);
    int examples = Integer.parseInt(args[3]);
    int loadThreads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    int gcEvery = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    List<LabeledBatch> batches = randomLabels(examples, 128);
    startLoad(loadThreads);
    String reference = null;
    List<Double> referenceLosses = null;
    List<Double> referenceSteps = null;
    int divergent = 0;
    for (int r = 1; r <= repeats; r++) {
      RunSpec spec = Specs.paperRecipe(ModelKind.MODEL_KIND_MLP_1X512, engine);
      List<Double> losses = new ArrayList<>();
      String digest;
      List<Double> stepLosses = new ArrayList<>();
      StepListener gc =
          s -> {
            stepLosses.add(s.loss());
            if (gcEvery > 0 && s.cumulativeSteps() % gcEvery == 0) {
              System.gc();
            }
          };
      try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
        for (int epoch = 1; epoch <= epochs; epoch++) {
          EpochResult result = session.trainEpoch(epoch, shuffled(batches, epoch), () -> false, gc);
          losses.add(result.meanLoss());
        }
        digest =
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(session.checkpoint(epochs).toBytes()))
                .substring(0, 16);
      }
      if (reference == null) {
        reference = digest;
        referenceLosses = losses;
        referenceSteps = stepLosses;
      }
      boolean same = digest.equals(reference) && losses.equals(referenceLosses);
      if (!same) {
        divergent++;
      }
      int firstDiff = -1;
      for (int e = 0; e < losses.size() && !same; e++) {
        if (!losses.get(e).equals(referenceLosses.get(e))) {
          firstDiff = e + 1;
          break;
        }
      }
      int firstStep = -1;
      for (int i = 0; i < stepLosses.size() && !same; i++) {
        if (!stepLosses.get(i).equals(referenceSteps.get(i))) {
          firstStep = i + 1;
          break;
        }
      }
      System.out.printf(
          "repeat %3d  %s  last loss %.9f  %s%n",
          r,
          digest,
          losses.get(losses.size() - 1),
          same
              ? "identical"
              : "DIVERGES (first differing epoch " + firstDiff + ", step loss " + firstStep + ")");
    }
    System.out.printf("%s: %d repeats, %d divergent from the first%n", engine, repeats, divergent);
    System.exit(0);
  }

  /** The same batches in an order drawn from the epoch, as a shuffling stream would serve them. */
  private static java.util.Iterator<LabeledBatch> shuffled(List<LabeledBatch> batches, int epoch) {
    List<LabeledBatch> order = new ArrayList<>(batches);
    java.util.Collections.shuffle(order, new java.util.Random(epoch));
    return order.iterator();
  }

  private static List<LabeledBatch> randomLabels(int examples, int batchSize) {
    SplittableRandom random = new SplittableRandom(42);
    List<LabeledBatch> batches = new ArrayList<>();
    for (int start = 0; start < examples; start += batchSize) {
      int size = Math.min(batchSize, examples - start);
      float[] pixels = new float[size * LabeledBatch.IMAGE_VALUES];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) random.nextGaussian();
      }
      batches.add(new LabeledBatch(pixels, random.ints(size, 0, 10).toArray(), size));
    }
    return batches;
  }

  private static void startLoad(int threads) {
    for (int t = 0; t < threads; t++) {
      Thread load =
          new Thread(
              () -> {
                long sink = 0;
                while (true) {
                  byte[][] garbage = new byte[64][];
                  for (int i = 0; i < garbage.length; i++) {
                    garbage[i] = new byte[64 * 1024];
                    Arrays.fill(garbage[i], (byte) i);
                    sink += garbage[i][i];
                  }
                  if (sink == 42) {
                    System.out.print("");
                  }
                }
              });
      load.setDaemon(true);
      load.start();
    }
  }
}
