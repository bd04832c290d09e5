package dev.gengap.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.evaluator.testing.LocalDatasetService;
import dev.gengap.learning.interpolation.Examples;
import dev.gengap.learning.interpolation.Interpolant;
import dev.gengap.learning.interpolation.LinearSgd;
import dev.gengap.learning.interpolation.MinimumNormLinear;
import dev.gengap.learning.interpolation.RawSplit;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.Split;
import dev.gengap.spec.RunSpecs;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.Evaluation;
import dev.gengap.store.InterpolationFit;
import dev.gengap.store.InterpolationRepository;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunSetup;
import dev.gengap.store.RunStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator on an interpolating run: a linear model fitted (as a trainer would) on raw pixels
 * streamed from a real dataset-service, stored in a real PostgreSQL, then evaluated from its
 * checkpoint — both W_SGD (the evaluation) and W_min (beside it).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class InterpolantEvaluationIT {
  private static final int RECORDS_PER_FILE = 40; // 200 training images, 40 test images
  private static final String WORKER = "fitter";
  @TempDir static Path dataDir;
  private static LocalDatasetService dataset;

  private final Clock clock = Clock.systemUTC();
  private final DataSource dataSource;
  private final RunRepository runs;
  private final InterpolationRepository interpolations;

  InterpolantEvaluationIT(DataSource dataSource) {
    this.dataSource = dataSource;
    this.runs = new RunRepository(dataSource, clock);
    this.interpolations = new InterpolationRepository(dataSource, clock);
  }

  @BeforeAll
  static void startDataset() throws Exception {
    SyntheticCifar.writeBands(dataDir, RECORDS_PER_FILE, 3);
    dataset = LocalDatasetService.start(dataDir, RECORDS_PER_FILE);
  }

  @AfterAll
  static void stopDataset() throws Exception {
    dataset.close();
  }

  private Evaluation evaluate(RunRow run) {
    try (RunEvaluator evaluator =
        new RunEvaluator(
            dataset.channel(),
            new CheckpointRepository(dataSource, clock),
            interpolations,
            clock,
            "mxnet",
            100,
            0)) {
      return evaluator.evaluate(run);
    }
  }

  private static final RunSpec LINEAR =
      RunSpecs.resolve(
          RunSpec.newBuilder()
              .setData(
                  DataSpec.newBuilder()
                      .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                      .setTrainSubset(50))
              .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES))
              .build());

  /** Queues and claims a linear run on the first 50 images, as a trainer would. */
  private long claimedLinearRun() {
    long id = runs.submit("linear", new NewRun(LINEAR, "linear")).run().id();
    runs.claimNext(WORKER, Duration.ofMinutes(5)).orElseThrow();
    runs.recordStart(id, WORKER, new RunSetup("EJML", "cpu()", 30_720, "", "NOT_APPLICABLE"));
    return id;
  }

  /** Stores {@code checkpoint} as the run's last and ends it SUCCEEDED. */
  private RunRow succeeded(long id, int epoch, byte[] checkpoint) {
    assertThat(new CheckpointRepository(dataSource, clock).save(id, WORKER, epoch, checkpoint))
        .isTrue();
    runs.finish(id, WORKER, RunStatus.SUCCEEDED, "");
    return runs.find(id).orElseThrow();
  }

  @Test
  void linearRunIsEvaluatedOnRawPixelsWithItsMinimumNormInterpolantBeside() {
    long id = claimedLinearRun();
    Examples train =
        RawSplit.read(
            dataset.channel(), LINEAR.getData(), Split.SPLIT_TRAIN, Duration.ofMinutes(1));
    DMatrixRMaj minimumNorm = MinimumNormLinear.solve(train);
    LinearSgd sgd = new LinearSgd(train, minimumNorm, 1.0, 1);
    for (int epoch = 1; epoch <= 3; epoch++) {
      sgd.nextEpoch();
    }
    assertThat(
            interpolations.recordFit(
                id, WORKER, InterpolationFit.linear(50, train.dimension(), 0.1, 1.0, 1.0)))
        .isTrue();
    RunRow run = succeeded(id, 3, new Interpolant.Linear(3, sgd.weights(), minimumNorm).toBytes());

    Evaluation evaluation = evaluate(run);

    assertThat(evaluation.checkpointEpoch()).isEqualTo(3);
    assertThat(evaluation.trainExamples()).isEqualTo(50);
    assertThat(evaluation.testExamples()).isEqualTo(40);
    // Each class is a bright band of rows: a linear model separates them far above chance.
    assertThat(evaluation.testAccuracy()).isGreaterThan(0.5);
    InterpolationFit fit = interpolations.findFit(run.id()).orElseThrow();
    assertThat(fit.minimumNormTrainAccuracy().getAsDouble())
        .as("W_min interpolates")
        .isEqualTo(1.0);
    assertThat(fit.minimumNormTestAccuracy().getAsDouble()).isGreaterThan(0.5);
  }

  @Test
  void aCheckpointThatIsNoInterpolantIsAnEvaluationError() {
    // A DJL checkpoint's header ("GGCK"), not an interpolating model's.
    RunRow run = succeeded(claimedLinearRun(), 1, new byte[] {0x47, 0x47, 0x43, 0x4B, 0, 0, 0, 1});

    assertThatThrownBy(() -> evaluate(run))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("not an interpolating model");
  }
}
