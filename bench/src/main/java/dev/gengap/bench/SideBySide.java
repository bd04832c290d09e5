package dev.gengap.bench;

import dev.gengap.learning.data.EpochOrder;
import dev.gengap.learning.training.DeviceSplit;
import dev.gengap.learning.training.EpochResult;
import dev.gengap.learning.training.LabeledBatch;
import dev.gengap.learning.training.StepListener;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.spec.ModelRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * gengap against plain PyTorch, every model side by side, in one invocation (batch 128):
 *
 * <ul>
 *   <li>in-process: a {@link TrainingSession} epoch from synthetic data kept on the device, after
 *       two epochs of warm-up (as the trainer's measured epoch), per engine;
 *   <li>end to end: a trainer epoch through a real dataset-service and worker (embedded PostgreSQL,
 *       metrics, lease renewal, a checkpoint every epoch) on generated CIFAR-format data: epoch 1
 *       streamed, and a whole trainer epoch from the split kept on the device (the time between the
 *       rows of epochs 2 and 3, checkpoint included; {@link SystemEpochs});
 *   <li>plain PyTorch: the same architectures and SGD step ({@code pytorch_reference.py}, run by
 *       {@code /usr/bin/python3} with OMP_WAIT_POLICY=PASSIVE, after two epochs' worth of warm-up
 *       steps; it refuses to measure when torch runs on the reference BLAS).
 * </ul>
 *
 * <p>Args: {@code [--engines PYTORCH,MXNET] [--models MLP_1X512,...] [--steps MLP,CONV]
 * [--in-process-only] [--python /usr/bin/python3]}. The light GPU jar has no PostgreSQL: run it
 * with {@code --in-process-only}. To profile one model's trainer path, run it alone under JFR
 * ({@code --models}); the trainer's steps run on the thread {@code worker-bench}.
 */
public final class SideBySide {

  static final int BATCH = 128;

  /** One of the paper's five networks. */
  record Model(String name, ModelKind kind, boolean batchNorm, boolean conv) {
    RunSpec spec(Engine engine) {
      return RunSpec.newBuilder()
          .setData(
              DataSpec.newBuilder()
                  .setDataset("cifar10")
                  .setSeed(1)
                  .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
          .setModel(ModelSpec.newBuilder().setKind(kind).setBatchNorm(batchNorm))
          .setRecipe(
              TrainingRecipe.newBuilder()
                  .setLr0(ModelRules.of(kind).defaultLr0())
                  .setLrDecay(0.95)
                  .setMomentum(0.9)
                  .setBatchSize(BATCH)
                  .setMaxEpochs(3)
                  .setStopAtTrainAccuracy(1.0)
                  .setCheckpointEvery(1))
          .setEngine(engine)
          .setDevice(Device.DEVICE_UNSPECIFIED)
          .build();
    }
  }

  static final List<Model> MODELS =
      List.of(
          new Model("MLP_1X512", ModelKind.MODEL_KIND_MLP_1X512, false, false),
          new Model("MLP_3X512", ModelKind.MODEL_KIND_MLP_3X512, false, false),
          new Model("ALEXNET_SMALL", ModelKind.MODEL_KIND_ALEXNET_SMALL, false, true),
          new Model("INCEPTION_SMALL", ModelKind.MODEL_KIND_INCEPTION_SMALL, true, true),
          new Model("INCEPTION_SMALL_NO_BN", ModelKind.MODEL_KIND_INCEPTION_SMALL, false, true));

  private SideBySide() {}

  public static void main(String[] args) throws Exception {
    List<Engine> engines = List.of(Engine.ENGINE_PYTORCH, Engine.ENGINE_MXNET);
    int mlpSteps = 20;
    int convSteps = 3;
    boolean system = true;
    String python = "/usr/bin/python3";
    List<Model> models = MODELS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--engines" ->
            engines =
                Stream.of(args[++i].split(","))
                    .map(e -> Engine.valueOf("ENGINE_" + e.toUpperCase(Locale.ROOT)))
                    .toList();
        case "--steps" -> {
          String[] steps = args[++i].split(",");
          mlpSteps = Integer.parseInt(steps[0]);
          convSteps = Integer.parseInt(steps[1]);
        }
        case "--models" -> {
          List<String> names = List.of(args[++i].split(","));
          models = MODELS.stream().filter(m -> names.contains(m.name())).toList();
        }
        case "--in-process-only" -> system = false;
        case "--python" -> python = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Map<String, Integer> steps = new HashMap<>();
    for (Model model : models) {
      steps.put(model.name(), model.conv() ? convSteps : mlpSteps);
    }

    System.out.println("load average before: " + loadAverage());
    Map<String, Double> plain = plainPyTorch(python, steps);
    Map<String, Double> inProcess = new HashMap<>();
    Map<String, double[]> endToEnd = new HashMap<>();
    for (Engine engine : engines) {
      for (Model model : models) {
        inProcess.put(key(model, engine), inProcess(model, engine, steps.get(model.name())));
      }
    }
    if (system) {
      try (SystemEpochs epochs = SystemEpochs.start(Math.max(mlpSteps, convSteps) * BATCH)) {
        for (Engine engine : engines) {
          for (Model model : models) {
            endToEnd.put(key(model, engine), epochs.run(model, engine, steps.get(model.name())));
          }
        }
      }
    }
    System.out.println("load average after: " + loadAverage());
    System.out.printf(
        "%n| model | engine | in-process img/s | trainer epoch 1 (stream) | whole trainer epoch (device)"
            + " | trainer / in-process | plain PyTorch img/s | in-process / PyTorch |%n");
    System.out.println("|---|---|--:|--:|--:|--:|--:|--:|");
    for (Model model : models) {
      for (Engine engine : engines) {
        double in = inProcess.get(key(model, engine));
        double[] e2e = endToEnd.get(key(model, engine));
        Double reference = plain.get(model.name());
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.1f | %s | %s | %s | %s | %s |%n",
            model.name(),
            engine.name().substring("ENGINE_".length()),
            in,
            e2e == null ? "n/a" : String.format(Locale.ROOT, "%.1f", e2e[0]),
            e2e == null ? "n/a" : String.format(Locale.ROOT, "%.1f", e2e[1]),
            e2e == null ? "n/a" : String.format(Locale.ROOT, "%.2f×", e2e[1] / in),
            reference == null ? "n/a" : String.format(Locale.ROOT, "%.1f", reference),
            reference == null ? "n/a" : String.format(Locale.ROOT, "%.2f×", in / reference));
      }
    }
    System.exit(0);
  }

  private static String key(Model model, Engine engine) {
    return model.name() + "/" + engine;
  }

  /**
   * Images per second of a {@code TrainingSession} epoch of {@code steps} batches, measured as the
   * trainer's whole epoch is: after the same warm-up (epoch 1 from host batches, which it keeps on
   * the device; epoch 2 from the device) and from the same source (epoch 3 gathered on the device
   * in the dataset-service's order). What the trainer column adds is the system: the checkpoint and
   * store writes of each epoch, lease renewal, metrics.
   */
  static double inProcess(Model model, Engine engine, int steps) {
    long seed = 1;
    try (TrainingSession session =
            TrainingSession.open(model.spec(engine), "PyTorch", Optional.empty());
        DeviceSplit split = session.newDeviceSplit(Long.MAX_VALUE)) {
      session.trainEpoch(1, syntheticEpoch(steps), () -> false, StepListener.NONE, split);
      if (!split.seal()) {
        throw new IllegalStateException("the synthetic epoch was not kept on the device");
      }
      EpochResult measured = null;
      for (int epoch = 2; epoch <= 3; epoch++) {
        int[] order = EpochOrder.shuffled(seed, epoch, split.size());
        measured =
            session.trainEpoch(epoch, split, order, BATCH, 0, () -> false, StepListener.NONE);
      }
      return measured.samplesPerSecond();
    }
  }

  /** {@code steps} batches of random images, each example (index) once. */
  private static Iterator<LabeledBatch> syntheticEpoch(int steps) {
    SplittableRandom random = new SplittableRandom(1);
    List<LabeledBatch> batches = new ArrayList<>();
    for (int b = 0; b < steps; b++) {
      float[] pixels = new float[BATCH * LabeledBatch.IMAGE_VALUES];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) (random.nextDouble() * 2 - 1);
      }
      int first = b * BATCH;
      batches.add(
          new LabeledBatch(
              pixels,
              random.ints(BATCH, 0, 10).toArray(),
              BATCH,
              IntStream.range(first, first + BATCH).toArray()));
    }
    return batches.iterator();
  }

  /** The reference script's images/s per model; empty when python3 or torch is missing. */
  private static Map<String, Double> plainPyTorch(String python, Map<String, Integer> steps)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("pytorch_reference", ".py");
    try (InputStream in = SideBySide.class.getResourceAsStream("/pytorch_reference.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>(List.of(python, script.toString()));
    MODELS.stream()
        .filter(m -> steps.containsKey(m.name()))
        .forEach(m -> command.add(m.name() + ":" + steps.get(m.name())));
    Map<String, Double> result = new HashMap<>();
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
      Process process = builder.start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          String[] parts = line.trim().split(" ");
          if (parts.length == 2 && steps.containsKey(parts[0])) {
            result.put(parts[0], Double.parseDouble(parts[1]));
          } else {
            System.out.println("pytorch_reference: " + line);
          }
        }
      }
      int exit = process.waitFor();
      if (exit != 0) {
        result.clear();
        System.out.println("plain PyTorch not measured: the reference script exited with " + exit);
      }
    } catch (IOException e) {
      System.out.println("plain PyTorch not measured: " + e.getMessage());
    } finally {
      Files.deleteIfExists(script);
    }
    return result;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
