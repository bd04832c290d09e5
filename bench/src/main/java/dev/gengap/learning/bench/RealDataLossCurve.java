package dev.gengap.learning.bench;

import dev.gengap.learning.training.EpochResult;
import dev.gengap.learning.training.LabeledBatch;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The first SGD steps of a paper model on real CIFAR-10, with the paper's recipe (its learning
 * rate, momentum 0.9, batch 128, whitened center crops): does it train, or blow up?
 *
 * <p>Reads the first {@code images} records of {@code data_batch_1.bin} (CIFAR-10 binary format)
 * straight from the data directory, preprocesses them as DESIGN.md §1 says (÷255, center crop
 * 28×28, per-image standardization) and prints the loss of every step; an epoch is one seeded
 * shuffle of those images.
 *
 * <p>Args: dataDir images steps engine(MXNET|PYTORCH) config... where a config is {@code
 * MODEL[:nobn][:djl|:tn][:lr=X]}, e.g. {@code INCEPTION_SMALL:nobn:tn ALEXNET_SMALL:djl}.
 */
public final class RealDataLossCurve {

  private static final int BATCH = 128;
  private static final int RECORD = 1 + 3 * 32 * 32;
  private static final int CROP_OFFSET = 2;
  private static final int SIDE = 28;

  private RealDataLossCurve() {}

  public static void main(String[] args) throws IOException {
    Path dataDir = Path.of(args[0]);
    int images = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    Engine engine = Engine.valueOf("ENGINE_" + args[3].toUpperCase(Locale.ROOT));
    LabeledBatch all = read(dataDir.resolve("data_batch_1.bin"), images);
    for (int i = 4; i < args.length; i++) {
      String config = args[i];
      RunSpec spec = spec(config, engine);
      List<Double> losses = new ArrayList<>();
      long start = System.nanoTime();
      try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
        int epoch = 1;
        while (losses.size() < steps) {
          int remaining = steps - losses.size();
          EpochResult result =
              session.trainEpoch(
                  epoch,
                  shuffled(all, epoch, remaining).iterator(),
                  () -> false,
                  step -> {
                    losses.add(step.loss());
                    System.out.printf(
                        Locale.ROOT,
                        "%s step=%d loss=%.4f%n",
                        config,
                        step.cumulativeSteps(),
                        step.loss());
                  });
          System.out.printf(
              Locale.ROOT,
              "%s epoch=%d train_acc=%.3f loss=%.4f%n",
              config,
              epoch,
              result.accuracy(),
              result.meanLoss());
          epoch++;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "SUMMARY %s lr=%s init=%s seconds=%.0f losses(every 5th step)=%s%n",
          config,
          spec.getRecipe().getLr0(),
          spec.getModel().getInitialization(),
          (System.nanoTime() - start) / 1e9,
          everyFifth(losses));
    }
  }

  private static RunSpec spec(String config, Engine engine) {
    String[] parts = config.split(":");
    ModelKind model = ModelKind.valueOf("MODEL_KIND_" + parts[0]);
    RunSpec.Builder spec = Specs.paperRecipe(model, engine).toBuilder();
    for (int p = 1; p < parts.length; p++) {
      String part = parts[p];
      if (part.equals("nobn")) {
        spec.getModelBuilder().setBatchNorm(false);
      } else if (part.equals("djl")) {
        spec.getModelBuilder().setInitialization(Initialization.INITIALIZATION_DJL_DEFAULT);
      } else if (part.equals("tn")) {
        spec.getModelBuilder().setInitialization(Initialization.INITIALIZATION_TRUNCATED_NORMAL);
      } else if (part.startsWith("lr=")) {
        spec.getRecipeBuilder().setLr0(Double.parseDouble(part.substring(3)));
      } else {
        throw new IllegalArgumentException("config: unknown part '" + part + "' in " + config);
      }
    }
    return spec.build();
  }

  private static String everyFifth(List<Double> losses) {
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < losses.size(); s += 5) {
      text.append(String.format(Locale.ROOT, "%.2f ", losses.get(s)));
    }
    return text.toString().trim();
  }

  /** At most {@code batches} full batches of a (seed 1, epoch) shuffle of the images. */
  private static List<LabeledBatch> shuffled(LabeledBatch all, int epoch, int batches) {
    int[] order =
        new SplittableRandom(1000L + epoch)
            .ints(0, all.size())
            .distinct()
            .limit(all.size())
            .toArray();
    List<LabeledBatch> result = new ArrayList<>();
    for (int b = 0; b < all.size() / BATCH && b < batches; b++) {
      float[] pixels = new float[BATCH * LabeledBatch.IMAGE_VALUES];
      int[] labels = new int[BATCH];
      for (int i = 0; i < BATCH; i++) {
        int source = order[b * BATCH + i];
        System.arraycopy(
            all.pixels(),
            source * LabeledBatch.IMAGE_VALUES,
            pixels,
            i * LabeledBatch.IMAGE_VALUES,
            LabeledBatch.IMAGE_VALUES);
        labels[i] = all.labels()[source];
      }
      result.add(new LabeledBatch(pixels, labels, BATCH));
    }
    return result;
  }

  private static LabeledBatch read(Path file, int images) throws IOException {
    float[] pixels = new float[images * LabeledBatch.IMAGE_VALUES];
    int[] labels = new int[images];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = 0; n < images; n++) {
        byte[] record = in.readNBytes(RECORD);
        if (record.length != RECORD) {
          throw new IOException(file + ": fewer than " + images + " records");
        }
        labels[n] = record[0];
        standardize(record, pixels, n * LabeledBatch.IMAGE_VALUES);
      }
    }
    return new LabeledBatch(pixels, labels, images);
  }

  /** ÷255, center crop (rows/cols 2..29), then tf.image.per_image_standardization. */
  private static void standardize(byte[] record, float[] out, int offset) {
    int n = LabeledBatch.IMAGE_VALUES;
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          int source = 1 + c * 1024 + (y + CROP_OFFSET) * 32 + x + CROP_OFFSET;
          float value = (record[source] & 0xff) / 255f;
          out[offset + c * SIDE * SIDE + y * SIDE + x] = value;
          sum += value;
        }
      }
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = out[offset + i] - mean;
      squares += d * d;
    }
    double std = Math.max(Math.sqrt(squares / n), 1 / Math.sqrt(n));
    for (int i = 0; i < n; i++) {
      out[offset + i] = (float) ((out[offset + i] - mean) / std);
    }
  }
}
