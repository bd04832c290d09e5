package dev.gengap.learning.bench;

import dev.gengap.learning.training.EpochResult;
import dev.gengap.learning.training.StepListener;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.util.List;
import java.util.Optional;

/**
 * Training throughput (images/s, batch 128, 3×28×28 synthetic input) of every paper model on the
 * MXNet and the PyTorch engine, and the CIFAR-10 epoch time (50,000 images) it implies.
 *
 * <p>Args: [measuredSteps] [models...] (default 20 steps, all models). Run with
 * OMP_WAIT_POLICY=PASSIVE, DJL_OFFLINE=true and OPT_OUT_TRACKING=true in the environment.
 */
public final class ThroughputBenchmark {

  private static final int BATCH = 128;
  private static final int WARMUP_STEPS = 3;
  private static final int CIFAR_TRAIN = 50_000;

  private ThroughputBenchmark() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<ModelKind> models =
        args.length > 1
            ? java.util.Arrays.stream(args, 1, args.length).map(ModelKind::valueOf).toList()
            : List.of(
                ModelKind.MODEL_KIND_MLP_1X512,
                ModelKind.MODEL_KIND_MLP_3X512,
                ModelKind.MODEL_KIND_ALEXNET_SMALL,
                ModelKind.MODEL_KIND_INCEPTION_SMALL);
    SyntheticBatches input = new SyntheticBatches(1, BATCH, 4);
    System.out.printf(
        "%-26s %-8s %12s %14s %16s%n",
        "model", "engine", "images/s", "ms/step", "CIFAR-10 epoch s");
    for (ModelKind model : models) {
      for (Engine engine : List.of(Engine.ENGINE_MXNET, Engine.ENGINE_PYTORCH)) {
        RunSpec spec = Specs.paperRecipe(model, engine);
        try (TrainingSession session = TrainingSession.open(spec, "MXNet", Optional.empty())) {
          session.trainEpoch(1, input.take(WARMUP_STEPS), () -> false, StepListener.NONE);
          EpochResult measured =
              session.trainEpoch(2, input.take(steps), () -> false, StepListener.NONE);
          double perSecond = measured.samplesPerSecond();
          System.out.printf(
              "%-26s %-8s %12.1f %14.1f %16.1f%n",
              model.name().substring("MODEL_KIND_".length()),
              session.engineName() + "/" + session.deviceName(),
              perSecond,
              measured.duration().toNanos() / 1e6 / steps,
              CIFAR_TRAIN / perSecond);
        }
      }
    }
  }
}
