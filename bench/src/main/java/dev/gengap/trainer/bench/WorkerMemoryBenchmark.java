package dev.gengap.trainer.bench;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.spec.RunSpecs;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.Database;
import dev.gengap.store.EmbeddedDatabase;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.InterpolationRepository;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.trainer.training.DatasetClient;
import dev.gengap.trainer.training.DefaultDevice;
import dev.gengap.trainer.training.TrainerMeters;
import dev.gengap.trainer.training.Worker;
import dev.gengap.trainer.training.WorkerSettings;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory of a trainer JVM over a long small run through the real worker: an embedded
 * PostgreSQL, a running dataset-service, an MLP on BATCHES batches of 128 per epoch (unaugmented,
 * so with a device data budget above 0 the split is kept on the device after epoch 1 and later
 * epochs do not stream). Prints VmRSS at epochs 1, 5, every EVERY-th and the last, with where each
 * epoch's batches came from (the worker's {@code gengap.trainer.epochs.source} counter: stream or
 * device), and a final line: RSS at epoch 5, at the end, and the growth over the last half.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -Xmx512m -cp bench.jar \
 *   dev.gengap.trainer.bench.WorkerMemoryBenchmark localhost:50051 [EPOCHS=100] [BATCHES=40] \
 *   [BUDGET_MB=1024] [MODEL=MLP_1X512] [ENGINE=pytorch] [EVERY=10]
 * </pre>
 */
public final class WorkerMemoryBenchmark {
  private WorkerMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    String target = args.length > 0 ? args[0] : "localhost:50051";
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    long budgetMb = args.length > 3 ? Long.parseLong(args[3]) : 1024;
    ModelKind model = ModelKind.valueOf("MODEL_KIND_" + (args.length > 4 ? args[4] : "MLP_1X512"));
    String engine = args.length > 5 ? args[5] : "pytorch";
    int every = args.length > 6 ? Integer.parseInt(args[6]) : 10;
    long[] rss = new long[epochs + 1];
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Clock clock = Clock.systemUTC();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    ManagedChannel channel =
        Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    try (EmbeddedDatabase database = EmbeddedDatabase.startEphemeral(4)) {
      Database.migrate(database.dataSource());
      RunRepository runs = new RunRepository(database.dataSource(), clock);
      RunSpec spec =
          RunSpecs.resolve(
              RunSpec.newBuilder()
                  .setData(
                      DataSpec.newBuilder()
                          .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                          .setSeed(1)
                          .setTrainSubset(batches * 128))
                  .setModel(ModelSpec.newBuilder().setKind(model))
                  .setRecipe(
                      TrainingRecipe.newBuilder()
                          // Slow enough that random labels are not fitted (which would end the
                          // run) before the last epoch; the work per step is the same.
                          .setLr0(1e-4)
                          .setMaxEpochs(epochs)
                          .setStopAtTrainAccuracy(1.0)
                          .setCheckpointEvery(10))
                  .setDevice(Device.DEVICE_CPU)
                  .build());
      long runId = runs.submit("memory-benchmark", new NewRun(spec, "memory benchmark")).run().id();
      Worker worker =
          new Worker(
              runs,
              new EpochRepository(database.dataSource(), clock),
              new CheckpointRepository(database.dataSource(), clock),
              new InterpolationRepository(database.dataSource(), clock),
              new DatasetClient(channel, Duration.ofSeconds(30), Duration.ofMinutes(30)),
              new TrainerMeters(registry),
              WorkerSettings.of(
                      "memory-benchmark",
                      engine,
                      DefaultDevice.cpu,
                      Duration.ofSeconds(60),
                      Duration.ofSeconds(1))
                  .withDeviceDataBudget(budgetMb << 20),
              scheduler,
              clock);
      worker.start();
      System.out.printf(
          "heap max %d MiB, %s, engine %s, %d batches of 128 per epoch, device data budget %d MiB%n",
          Runtime.getRuntime().maxMemory() >> 20, model, engine, batches, budgetMb);
      int seen = 0;
      double streamed = 0;
      double fromDevice = 0;
      while (true) {
        RunRow run = runs.find(runId).orElseThrow();
        int done = Math.min(run.epochsCompleted(), epochs);
        if (done > seen) {
          long now = rssMiB();
          streamed = source(registry, "stream");
          fromDevice = source(registry, "device");
          for (int e = seen + 1; e <= done; e++) {
            rss[e] = now;
          }
          if (done == 1 || done == 5 || done % every == 0 || run.status().isTerminal()) {
            // The counter counts an epoch when it starts, so it may include the one in progress.
            System.out.printf(
                "epoch %3d  VmRSS %5d MiB  (%s; epochs started: %d streamed, %d from device)%n",
                done, now, run.status(), (long) streamed, (long) fromDevice);
          }
          seen = done;
        }
        if (run.status().isTerminal()) {
          break;
        }
        Thread.sleep(20);
      }
      worker.close();
      int half = Math.max(1, seen / 2);
      System.out.printf(
          "summary: %d epochs (%d streamed, %d from device); VmRSS epoch 5 %d MiB, end %d MiB,"
              + " last half (epoch %d to %d) %+d MiB%n",
          seen,
          (long) streamed,
          (long) fromDevice,
          seen >= 5 ? rss[5] : -1,
          rss[seen],
          half,
          seen,
          rss[seen] - rss[half]);
    } finally {
      scheduler.shutdownNow();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static double source(SimpleMeterRegistry registry, String source) {
    var counter = registry.find("gengap.trainer.epochs.source").tag("source", source).counter();
    return counter == null ? 0 : counter.count();
  }

  private static long rssMiB() throws IOException {
    List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
    for (String line : status) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
      }
    }
    return -1;
  }
}
