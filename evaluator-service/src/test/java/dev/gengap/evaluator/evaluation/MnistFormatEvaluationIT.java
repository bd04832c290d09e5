package dev.gengap.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.dataset.idx.IdxFiles;
import dev.gengap.dataset.testdata.SyntheticIdx;
import dev.gengap.evaluator.testing.LocalDatasetService;
import dev.gengap.evaluator.testing.RunTrainer;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.spec.Datasets;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.Evaluation;
import dev.gengap.store.RunRow;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MLP trained on a generated Fashion-MNIST-format set (1×28×28 images) is measured clean on both
 * splits from its checkpoint, through a real dataset-service.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class MnistFormatEvaluationIT {
  private static final int TRAIN = 300;
  private static final int TEST = 80;
  @TempDir static Path dataDir;
  private static LocalDatasetService dataset;

  private final Clock clock = Clock.systemUTC();
  private final DataSource dataSource;

  MnistFormatEvaluationIT(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @BeforeAll
  static void startDataset() throws Exception {
    dataset =
        LocalDatasetService.start(
            new IdxFiles(Datasets.FASHION_MNIST, TRAIN, TEST)
                .load(SyntheticIdx.writeBands(dataDir, TRAIN, TEST, 6, true)));
  }

  @AfterAll
  static void stopDataset() throws Exception {
    dataset.close();
  }

  @Test
  void measuresBothSplitsOfAnMnistFormatRun() {
    RunSpec base = RunTrainer.randomLabelsMlp(0, Engine.ENGINE_UNSPECIFIED, 6);
    RunSpec spec =
        base.toBuilder()
            .setRecipe(base.getRecipe().toBuilder().setLr0(0.05))
            .setData(
                base.getData().toBuilder()
                    .setDataset("fashion-mnist")
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                    .setCorruptionProbability(0))
            .build();
    RunRow run =
        new RunTrainer(dataSource, clock, dataset.channel()).trainToSuccess("f", spec, "mxnet");

    Evaluation evaluation;
    // With a device data budget: the splits (1×28×28 images) are also kept on the device.
    try (RunEvaluator evaluator =
        new RunEvaluator(
            dataset.channel(),
            new CheckpointRepository(dataSource, clock),
            clock,
            "mxnet",
            500,
            64L << 20)) {
      evaluation = evaluator.evaluate(run);
    }

    assertThat(run.parameterCount()).isEqualTo(407_050);
    assertThat(evaluation.trainExamples()).isEqualTo(TRAIN);
    assertThat(evaluation.testExamples()).isEqualTo(TEST);
    // One bright band per class: learned in a few epochs, and the test split shares it.
    assertThat(evaluation.trainAccuracy()).isGreaterThan(0.5);
    assertThat(evaluation.testAccuracy()).isGreaterThan(0.5);
    assertThat(evaluation.testLoss()).isPositive();
  }
}
