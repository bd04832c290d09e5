package dev.gengap.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gengap.evaluator.report.FigureSeries.LossPoint;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochMetrics;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.Evaluation;
import dev.gengap.store.EvaluationRepository;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunStatus;
import dev.gengap.store.SettableClock;
import dev.gengap.store.SweepRepository;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Table 1 and Figure 1 for a small label-corruption sweep (p = 0, 0.5, 1), its runs driven through
 * the store as a trainer and the evaluator would.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class ReportsIT {
  private static final double[] LEVELS = {0.0, 0.5, 1.0};

  private final SettableClock clock = new SettableClock();
  private final RunRepository runs;
  private final SweepRepository sweeps;
  private final EpochRepository epochs;
  private final EvaluationRepository evaluations;
  private final Reports reports;

  ReportsIT(DataSource dataSource) {
    runs = new RunRepository(dataSource, clock);
    sweeps = new SweepRepository(dataSource, clock);
    epochs = new EpochRepository(dataSource, clock);
    evaluations = new EvaluationRepository(dataSource);
    reports = new Reports(runs, sweeps, epochs, evaluations);
  }

  private static NewRun partialLabels(double p, boolean weightDecay) {
    RunSpec spec =
        RunSpec.newBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setDataset("cifar10")
                    .setSeed(1)
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                    .setCorruptionProbability(p)
                    .setTrainSubset(1000))
            .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP_1X512))
            .setRecipe(
                TrainingRecipe.newBuilder()
                    .setWeightDecay(weightDecay ? 5e-4 : 0)
                    .setRandomCrop(weightDecay))
            .build();
    return new NewRun(spec, "mlp p=" + p);
  }

  /** A sweep over LEVELS; run i trains i + 2 epochs of 10 steps and fits at its last epoch. */
  private long sweepOfFinishedRuns() {
    List<NewRun> newRuns =
        List.of(partialLabels(0, false), partialLabels(0.5, false), partialLabels(1, false));
    long sweepId = sweeps.create("fig1", "figure 1", newRuns).sweep().id();
    for (int i = 0; i < LEVELS.length; i++) {
      long id = runs.claimNext("w", Duration.ofMinutes(5)).orElseThrow().id();
      int epochCount = i + 2;
      for (int e = 1; e <= epochCount; e++) {
        double accuracy = e == epochCount ? 1.0 : 0.5;
        double loss = e == epochCount ? 0.05 : 1.5 + i;
        epochs.record(id, "w", new EpochMetrics(e, loss, accuracy, 0.01, 1000, 1, 10L * e));
      }
      runs.finish(id, "w", RunStatus.SUCCEEDED, "");
    }
    return sweepId;
  }

  private static Evaluation evaluation(long runId, double testAccuracy) {
    return new Evaluation(
        runId, 3, 1.0, 0.01, testAccuracy, 2.0, 1000, 10_000, java.time.Instant.EPOCH, 1);
  }

  @Test
  void tableHasOneRowPerRunOfTheSweepAndTheNamedRuns() {
    long sweepId = sweepOfFinishedRuns();
    List<Long> sweepRuns = sweeps.find(sweepId).orElseThrow().runIds();
    evaluations.save(evaluation(sweepRuns.get(0), 0.45));
    long extra = runs.submit("extra", partialLabels(0.2, true)).run().id();

    List<TableRow> table =
        reports.table(new RunSelection(List.of(extra, sweepRuns.get(1)), OptionalLong.of(sweepId)));

    assertThat(table)
        .extracting(
            TableRow::runId,
            TableRow::corruptionProbability,
            TableRow::status,
            TableRow::epochs,
            TableRow::weightDecay,
            TableRow::randomCrop)
        .containsExactly(
            tuple(sweepRuns.get(0), 0.0, RunStatus.SUCCEEDED, 2, false, false),
            tuple(sweepRuns.get(1), 0.5, RunStatus.SUCCEEDED, 3, false, false),
            tuple(sweepRuns.get(2), 1.0, RunStatus.SUCCEEDED, 4, false, false),
            tuple(extra, 0.2, RunStatus.QUEUED, 0, true, true));
    TableRow first = table.get(0);
    assertThat(first.model()).isEqualTo(ModelKind.MODEL_KIND_MLP_1X512);
    assertThat(first.corruption()).isEqualTo(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS);
    assertThat(first.batchNorm()).isFalse();
    assertThat(first.trainSubset()).isEqualTo(1000);
    assertThat(first.displayName()).isEqualTo("mlp p=0.0");
    assertThat(first.evaluation()).hasValue(evaluation(sweepRuns.get(0), 0.45));
    assertThat(table.get(1).evaluation()).isEmpty();
  }

  @Test
  void figureSeriesFollowTheCorruptionLevels() {
    long sweepId = sweepOfFinishedRuns();
    List<Long> ids = sweeps.find(sweepId).orElseThrow().runIds();
    evaluations.save(evaluation(ids.get(0), 0.5));
    evaluations.save(evaluation(ids.get(2), 0.1));
    long queued = runs.submit("queued", partialLabels(0.2, false)).run().id();

    FigureSeries series =
        reports.figures(new RunSelection(List.of(queued), OptionalLong.of(sweepId)));

    // 1a: a loss curve per run that has epochs, at cumulative steps.
    assertThat(series.lossCurves())
        .extracting(FigureSeries.LossCurve::runId, FigureSeries.LossCurve::corruptionProbability)
        .containsExactly(tuple(ids.get(0), 0.0), tuple(ids.get(1), 0.5), tuple(ids.get(2), 1.0));
    assertThat(series.lossCurves().get(1).points())
        .containsExactly(
            new LossPoint(10, 1, 2.5), new LossPoint(20, 2, 2.5), new LossPoint(30, 3, 0.05));
    // 1b: steps to fit of the SUCCEEDED runs, from the epoch that first reached the threshold.
    assertThat(series.fitTimes())
        .extracting(
            FigureSeries.FitTime::runId,
            FigureSeries.FitTime::corruptionProbability,
            FigureSeries.FitTime::stepsTo99TrainAccuracy,
            FigureSeries.FitTime::stepsToTrainLoss01)
        .containsExactly(
            tuple(ids.get(0), 0.0, 20L, 20L),
            tuple(ids.get(1), 0.5, 30L, 30L),
            tuple(ids.get(2), 1.0, 40L, 40L));
    // 1c: test error of the evaluated runs.
    assertThat(series.testErrors())
        .extracting(FigureSeries.TestError::runId, FigureSeries.TestError::testError)
        .containsExactly(tuple(ids.get(0), 0.5), tuple(ids.get(2), 0.9));
  }
}
