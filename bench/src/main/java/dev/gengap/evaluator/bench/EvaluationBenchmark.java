package dev.gengap.evaluator.bench;

import dev.gengap.evaluator.evaluation.RunEvaluator;
import dev.gengap.learning.training.TrainingSession;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.spec.RunSpecs;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.Database;
import dev.gengap.store.EmbeddedDatabase;
import dev.gengap.store.Evaluation;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunStatus;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How long one evaluation takes: a run with a {@code train_subset} on the data of a running
 * dataset-service, evaluated on that many training images and the 10,000 test images.
 *
 * <pre>
 * java -Xmx1g -cp evaluator-service.jar dev.gengap.evaluator.bench.EvaluationBenchmark \
 *     localhost:50051 MLP_1X512 10000 [mxnet|pytorch] [batch size]
 * </pre>
 *
 * The model's weights are its initial ones: evaluation time does not depend on them.
 */
public final class EvaluationBenchmark {
  private EvaluationBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    String target = args.length > 0 ? args[0] : "localhost:50051";
    ModelKind model = ModelKind.valueOf("MODEL_KIND_" + (args.length > 1 ? args[1] : "MLP_1X512"));
    int trainSubset = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    String engine = args.length > 3 ? args[3] : "mxnet";
    int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 500;
    RunSpec spec =
        RunSpecs.resolve(
            RunSpec.newBuilder()
                .setData(
                    DataSpec.newBuilder()
                        .setDataset("cifar10")
                        .setSeed(1)
                        .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                        .setTrainSubset(trainSubset))
                .setModel(ModelSpec.newBuilder().setKind(model))
                .setRecipe(TrainingRecipe.newBuilder().setMaxEpochs(1).setCheckpointEvery(1))
                .setEngine(Engine.ENGINE_UNSPECIFIED)
                .setDevice(Device.DEVICE_CPU)
                .build());
    Clock clock = Clock.systemUTC();
    ManagedChannel channel =
        Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    try (EmbeddedDatabase database = EmbeddedDatabase.startEphemeral(2)) {
      Database.migrate(database.dataSource());
      RunRepository runs = new RunRepository(database.dataSource(), clock);
      CheckpointRepository checkpoints = new CheckpointRepository(database.dataSource(), clock);
      long id = runs.submit("bench", new NewRun(spec, "bench")).run().id();
      runs.claimNext("bench", Duration.ofHours(1)).orElseThrow();
      try (TrainingSession session = TrainingSession.open(spec, engine, Optional.empty())) {
        checkpoints.save(id, "bench", 1, session.checkpoint(1).toBytes());
      }
      runs.finish(id, "bench", RunStatus.SUCCEEDED, "");
      RunRow run = runs.find(id).orElseThrow();
      // Budget 0: every pass streams, so the measured pass times the dataset-service path too.
      RunEvaluator evaluator = new RunEvaluator(channel, checkpoints, clock, engine, batchSize, 0);
      for (String pass : new String[] {"warm-up", "measured"}) {
        Evaluation e = evaluator.evaluate(run);
        System.out.printf(
            "%s %s %s batch %d: %,d train + %,d test images in %.2f s (%,.0f images/s);"
                + " train acc %.4f, test acc %.4f%n",
            pass,
            model,
            engine,
            batchSize,
            e.trainExamples(),
            e.testExamples(),
            e.seconds(),
            (e.trainExamples() + e.testExamples()) / e.seconds(),
            e.trainAccuracy(),
            e.testAccuracy());
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
