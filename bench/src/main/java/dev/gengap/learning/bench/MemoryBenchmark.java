package dev.gengap.learning.bench;

import dev.gengap.learning.training.EpochResult;
import dev.gengap.learning.training.StepListener;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A long small run (MLP 1×512, 40 batches of 128 synthetic images per epoch, 100 epochs) printing
 * the process's resident memory (VmRSS) as it goes: flat after warm-up means no NDArray leak.
 *
 * <p>Args: [engine: ENGINE_MXNET|ENGINE_PYTORCH] [epochs] [batchesPerEpoch].
 */
public final class MemoryBenchmark {

  private MemoryBenchmark() {}

  public static void main(String[] args) throws IOException {
    Engine engine = args.length > 0 ? Engine.valueOf(args[0]) : Engine.ENGINE_MXNET;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    SyntheticBatches input = new SyntheticBatches(2, 128, batches);
    try (TrainingSession session =
        TrainingSession.open(
            Specs.paperRecipe(ModelKind.MODEL_KIND_MLP_1X512, engine), "MXNet", Optional.empty())) {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        EpochResult result =
            session.trainEpoch(epoch, input.take(batches), () -> false, StepListener.NONE);
        if (epoch == 1 || epoch == 5 || epoch % 10 == 0) {
          System.out.printf(
              "engine=%s epoch=%d rss_mib=%.1f loss=%.4f acc=%.4f images_per_s=%.0f%n",
              session.engineName(),
              epoch,
              residentMiB(),
              result.meanLoss(),
              result.accuracy(),
              result.samplesPerSecond());
        }
      }
    }
  }

  /** VmRSS from /proc/self/status (Linux), in MiB. */
  static double residentMiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("/proc/self/status: no VmRSS line");
  }
}
