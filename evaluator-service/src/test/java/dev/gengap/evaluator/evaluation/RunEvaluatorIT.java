package dev.gengap.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gengap.dataset.testdata.StreamCalls;
import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.evaluator.testing.LocalDatasetService;
import dev.gengap.evaluator.testing.RunTrainer;
import dev.gengap.proto.v1.Engine;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.Evaluation;
import dev.gengap.store.RunRow;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint format is engine-independent: a run trained on one engine (its spec leaving the
 * engine unspecified) evaluates to the same figures on the other.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class RunEvaluatorIT {
  private static final int RECORDS_PER_FILE = 60; // 300 training images, 60 test images
  @TempDir static Path dataDir;
  private static LocalDatasetService dataset;

  private final Clock clock = Clock.systemUTC();
  private final DataSource dataSource;
  private final CheckpointRepository checkpoints;

  RunEvaluatorIT(DataSource dataSource) {
    this.dataSource = dataSource;
    this.checkpoints = new CheckpointRepository(dataSource, clock);
  }

  @BeforeAll
  static void startDataset() throws Exception {
    SyntheticCifar.writeNoise(dataDir, RECORDS_PER_FILE, 2);
    dataset = LocalDatasetService.start(dataDir, RECORDS_PER_FILE);
  }

  @AfterAll
  static void stopDataset() throws Exception {
    dataset.close();
  }

  private RunRow train(String defaultEngine) {
    return new RunTrainer(dataSource, clock, dataset.channel())
        .trainToSuccess(
            "trained-on-" + defaultEngine,
            RunTrainer.randomLabelsMlp(200, Engine.ENGINE_UNSPECIFIED, 2),
            defaultEngine);
  }

  private Evaluation evaluateOn(String engine, RunRow run) {
    try (RunEvaluator evaluator =
        new RunEvaluator(dataset.channel(), checkpoints, clock, engine, 500, 0)) {
      return evaluator.evaluate(run);
    }
  }

  @Test
  void splitsKeptOnTheDeviceNeedNoStreamAndGiveTheSameFigures() {
    RunRow run = train("pytorch");
    StreamCalls streamed = new StreamCalls();
    Evaluation fromStreams;
    try (RunEvaluator evaluator =
        new RunEvaluator(streamed.on(dataset.channel()), checkpoints, clock, "pytorch", 64, 0)) {
      fromStreams = evaluator.evaluate(run);
      assertThat(figures(evaluator.evaluate(run))).isEqualTo(figures(fromStreams));
    }
    assertThat(streamed.count()).as("budget 0: every pass streams").isEqualTo(4);

    StreamCalls kept = new StreamCalls();
    try (RunEvaluator evaluator =
        new RunEvaluator(kept.on(dataset.channel()), checkpoints, clock, "pytorch", 64, 1L << 30)) {
      assertThat(figures(evaluator.evaluate(run))).isEqualTo(figures(fromStreams));
      assertThat(kept.count()).as("first evaluation: both splits streamed").isEqualTo(2);
      Evaluation fromDevice = evaluator.evaluate(run);
      assertThat(kept.count()).as("second evaluation: both splits from the device").isEqualTo(2);
      assertThat(figures(fromDevice)).as("bit-identical").isEqualTo(figures(fromStreams));
    }
  }

  /** Everything an evaluation measured (not when, nor how long it took). */
  private static List<Number> figures(Evaluation e) {
    return List.of(
        e.checkpointEpoch(),
        e.trainAccuracy(),
        e.trainLoss(),
        e.testAccuracy(),
        e.testLoss(),
        e.trainExamples(),
        e.testExamples());
  }

  @Test
  void mxnetCheckpointEvaluatesTheSameOnPyTorch() {
    RunRow run = train("mxnet");
    assertThat(run.engine()).isEqualTo("MXNET");
    assertSameFigures(evaluateOn("mxnet", run), evaluateOn("pytorch", run));
  }

  @Test
  void pytorchCheckpointEvaluatesTheSameOnMxnet() {
    RunRow run = train("pytorch");
    assertThat(run.engine()).isEqualTo("PYTORCH");
    assertSameFigures(evaluateOn("pytorch", run), evaluateOn("mxnet", run));
  }

  private static void assertSameFigures(Evaluation native_, Evaluation other) {
    System.out.printf(
        "native train %.6f/%.6f test %.6f/%.6f; other train %.6f/%.6f test %.6f/%.6f%n",
        native_.trainAccuracy(),
        native_.trainLoss(),
        native_.testAccuracy(),
        native_.testLoss(),
        other.trainAccuracy(),
        other.trainLoss(),
        other.testAccuracy(),
        other.testLoss());
    assertThat(native_.trainExamples()).isEqualTo(200);
    assertThat(native_.testExamples()).isEqualTo(RECORDS_PER_FILE);
    assertThat(native_.checkpointEpoch()).isEqualTo(other.checkpointEpoch());
    // Float32 sums in another order: the same predictions, losses equal to ~1e-6.
    assertThat(other.trainAccuracy()).isEqualTo(native_.trainAccuracy());
    assertThat(other.testAccuracy()).isEqualTo(native_.testAccuracy());
    assertThat(other.trainLoss()).isCloseTo(native_.trainLoss(), within(1e-4));
    assertThat(other.testLoss()).isCloseTo(native_.testLoss(), within(1e-4));
    // It learned something, so equal figures are not two untrained models agreeing.
    assertThat(native_.trainAccuracy()).isGreaterThan(0.3);
  }
}
