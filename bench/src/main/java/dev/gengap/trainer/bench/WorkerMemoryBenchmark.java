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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory of a trainer JVM over a long small run through the real worker: an embedded
 * PostgreSQL, a running dataset-service, MLP_1X512 on 40 batches of 128 per epoch. Prints VmRSS at
 * epochs 1, 5, 25, 50, 75 and the last.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -Xmx512m -cp trainer-service.jar \
 *   dev.gengap.trainer.bench.WorkerMemoryBenchmark localhost:50051 [EPOCHS=100] [BATCHES=40]
 * </pre>
 */
public final class WorkerMemoryBenchmark {
  private WorkerMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    String target = args.length > 0 ? args[0] : "localhost:50051";
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    Set<Integer> report = Set.of(1, 5, 25, 50, 75, epochs);
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
                  .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP_1X512))
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
              new DatasetClient(channel, Duration.ofSeconds(30), Duration.ofMinutes(30)),
              new TrainerMeters(new SimpleMeterRegistry()),
              WorkerSettings.of(
                  "memory-benchmark",
                  "mxnet",
                  DefaultDevice.cpu,
                  Duration.ofSeconds(60),
                  Duration.ofSeconds(1)),
              scheduler,
              clock);
      worker.start();
      System.out.printf(
          "heap max %d MiB, MLP_1X512, %d batches of 128 per epoch%n",
          Runtime.getRuntime().maxMemory() >> 20, batches);
      int lastReported = 0;
      while (true) {
        RunRow run = runs.find(runId).orElseThrow();
        int done = run.epochsCompleted();
        if (done > lastReported && (report.contains(done) || run.status().isTerminal())) {
          System.out.printf("epoch %3d  VmRSS %5d MiB  (%s)%n", done, rssMiB(), run.status());
          lastReported = done;
        }
        if (run.status().isTerminal()) {
          break;
        }
        Thread.sleep(20);
      }
      worker.close();
    } finally {
      scheduler.shutdownNow();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
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
