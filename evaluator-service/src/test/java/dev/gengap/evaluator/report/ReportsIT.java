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
import dev.gengap.store.InterpolationFit;
import dev.gengap.store.InterpolationRepository;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunStatus;
import dev.gengap.store.SettableClock;
import dev.gengap.store.SweepRepository;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
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
  private final InterpolationRepository interpolations;
  private final Reports reports;

  ReportsIT(DataSource dataSource) {
    runs = new RunRepository(dataSource, clock);
    sweeps = new SweepRepository(dataSource, clock);
    epochs = new EpochRepository(dataSource, clock);
    evaluations = new EvaluationRepository(dataSource);
    interpolations = new InterpolationRepository(dataSource, clock);
    reports = new Reports(runs, sweeps, epochs, evaluations, interpolations);
  }

  private static NewRun partialLabels(double p, boolean weightDecay) {
    return partialLabels(ModelKind.MODEL_KIND_MLP_1X512, p, weightDecay);
  }

  private static NewRun partialLabels(ModelKind model, double p, boolean weightDecay) {
    RunSpec spec =
        RunSpec.newBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setDataset("cifar10")
                    .setSeed(1)
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                    .setCorruptionProbability(p)
                    .setTrainSubset(1000))
            .setModel(ModelSpec.newBuilder().setKind(model))
            .setRecipe(
                TrainingRecipe.newBuilder()
                    .setWeightDecay(weightDecay ? 5e-4 : 0)
                    .setRandomCrop(weightDecay))
            .build();
    return new NewRun(spec, "mlp p=" + p);
  }

  /**
   * Trains a claimed run in the store: {@code epochCount} epochs of 10 steps, reaching {@code
   * finalAccuracy} in the last, with a test measurement per epoch from {@code testAccuracies}.
   */
  private long finishedRun(int epochCount, double finalAccuracy, double... testAccuracies) {
    long id = runs.claimNext("w", Duration.ofMinutes(5)).orElseThrow().id();
    for (int e = 1; e <= epochCount; e++) {
      double accuracy = e == epochCount ? finalAccuracy : 0.5;
      EpochMetrics metrics = new EpochMetrics(e, 1.0 / e, accuracy, 0.01, 1000, 1, 10L * e);
      if (e <= testAccuracies.length) {
        metrics = metrics.withTest(new EpochMetrics.TestMeasurement(testAccuracies[e - 1], 2.0));
      }
      epochs.record(id, "w", metrics);
    }
    runs.finish(id, "w", RunStatus.SUCCEEDED, "");
    return id;
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
    return evaluation(runId, 1.0, testAccuracy);
  }

  private static Evaluation evaluation(long runId, double trainAccuracy, double testAccuracy) {
    return new Evaluation(
        runId, 3, trainAccuracy, 0.01, testAccuracy, 2.0, 1000, 10_000, java.time.Instant.EPOCH, 1);
  }

  @Test
  void tableHasOneRowPerRunOfTheSweepAndTheNamedRuns() {
    long sweepId = sweepOfFinishedRuns();
    List<Long> sweepRuns = sweeps.find(sweepId).orElseThrow().runIds();
    evaluations.save(evaluation(sweepRuns.get(0), 0.45));
    long extra = runs.submit("extra", partialLabels(0.2, true)).run().id();

    List<TableRow> table =
        reports.table(
            new RunSelection(List.of(extra, sweepRuns.get(1)), OptionalLong.of(sweepId)),
            Optional.empty());

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
    assertThat(table.get(0).earlyStopping()).as("no test curve recorded").isEmpty();
    assertThat(table.get(0).paper()).isEmpty();
  }

  @Test
  void earlyStoppingGainIsTheBestMeasuredTestAccuracyMinusTheLast() {
    runs.submit("a", partialLabels(0, false));
    long id = finishedRun(4, 1.0, 0.30, 0.52, 0.47, 0.45);

    TableRow row =
        reports.table(new RunSelection(List.of(id), OptionalLong.empty()), Optional.empty()).get(0);

    assertThat(row.earlyStopping()).isPresent();
    TableRow.EarlyStopping early = row.earlyStopping().orElseThrow();
    assertThat(early.bestTestAccuracy()).isEqualTo(0.52);
    assertThat(early.bestEpoch()).isEqualTo(2);
    assertThat(early.finalTestAccuracy()).isEqualTo(0.45);
    assertThat(early.gain()).isCloseTo(0.07, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void paperTableSetsThePublishedRowBesideTheRunThatReproducesIt() {
    long trueLabels = runs.submit("t", partialLabels(0, false)).run().id();
    long randomLabels = runs.submit("r", partialLabels(1, false)).run().id();
    long regularized = runs.submit("wd", partialLabels(0, true)).run().id();
    long partial = runs.submit("p", partialLabels(0.5, false)).run().id();

    List<TableRow> table =
        reports.table(
            new RunSelection(
                List.of(trueLabels, randomLabels, regularized, partial), OptionalLong.empty()),
            Optional.of(PaperTable.TABLE_1));

    assertThat(table.get(0).paper().orElseThrow().testAccuracy()).hasValue(0.5051);
    assertThat(table.get(0).paper().orElseThrow().source())
        .isEqualTo("Table 1: MLP 1x512, true labels, crop no, weight decay no");
    assertThat(table.get(1).paper().orElseThrow().trainAccuracy()).hasValue(0.9934);
    // MLPs have no random-crop row in Table 1, and partial labels appear in no table.
    assertThat(table.get(2).paper()).isEmpty();
    assertThat(table.get(3).paper()).isEmpty();
  }

  @Test
  void table3SetsThePublishedKernelRowBesideAnExactKernelRunOnly() {
    RunSpec kernel =
        RunSpec.newBuilder()
            .setData(
                DataSpec.newBuilder()
                    .setDataset("cifar10")
                    .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                    .setTrainSubset(1000))
            .setModel(
                ModelSpec.newBuilder()
                    .setKind(ModelKind.MODEL_KIND_KERNEL_RBF)
                    .setGamma(0.00265)
                    .setBatchNorm(false))
            .build();
    long exact = runs.submit("exact", new NewRun(kernel, "kernel")).run().id();
    runs.claimNext("w", Duration.ofMinutes(5)).orElseThrow();
    interpolations.recordFit(
        exact, "w", InterpolationFit.kernel(1000, 3072, "cholesky", 1.5, 1.0, 122.2, 2.2e5));
    RunSpec ridged =
        kernel.toBuilder().setModel(kernel.getModel().toBuilder().setRidge(0.1)).build();
    long withRidge = runs.submit("ridge", new NewRun(ridged, "kernel ridge")).run().id();

    List<TableRow> table =
        reports.table(
            new RunSelection(List.of(exact, withRidge), OptionalLong.empty()),
            Optional.of(PaperTable.TABLE_3));

    PaperNumbers.Row row = table.get(0).paper().orElseThrow();
    assertThat(row.source()).isEqualTo("Table 3: CIFAR-10, no pre-processing, test error 46.0 %");
    assertThat(row.testAccuracy()).hasValue(0.54);
    assertThat(row.trainAccuracy()).isEmpty();
    assertThat(table.get(0).dataset()).isEqualTo("cifar10");
    assertThat(table.get(0).kernel())
        .contains(new TableRow.Kernel(0.00265, OptionalDouble.of(122.2)));
    // The second run has not been fitted yet: its γ, no norm.
    assertThat(table.get(1).kernel())
        .contains(new TableRow.Kernel(0.00265, OptionalDouble.empty()));
    // The ridge is an ℓ2 regularizer: Table 3's exact rows do not describe that run.
    assertThat(table.get(1).weightDecay()).isTrue();
    assertThat(table.get(1).paper()).isEmpty();
    assertThat(PaperNumbers.rows(PaperTable.TABLE_3))
        .extracting(PaperNumbers.Row::source)
        .containsExactly(
            "Table 3: MNIST, no pre-processing, test error 1.2 %",
            "Table 3: CIFAR-10, no pre-processing, test error 46.0 %");
  }

  @Test
  void twoModelsGiveTwoSeriesWithCensoredAndNonInterpolatedRunsMarked() {
    // MLP 1x512 fits both labellings; MLP 3x512 fits true labels but never random ones.
    runs.submit("a", partialLabels(ModelKind.MODEL_KIND_MLP_1X512, 0, false));
    long mlp1Clean = finishedRun(2, 1.0);
    runs.submit("b", partialLabels(ModelKind.MODEL_KIND_MLP_1X512, 1, false));
    long mlp1Random = finishedRun(6, 1.0);
    runs.submit("c", partialLabels(ModelKind.MODEL_KIND_MLP_3X512, 0, false));
    long mlp3Clean = finishedRun(4, 1.0);
    runs.submit("d", partialLabels(ModelKind.MODEL_KIND_MLP_3X512, 1, false));
    long mlp3Random = finishedRun(5, 0.9);
    evaluations.save(evaluation(mlp1Clean, 1.0, 0.5));
    evaluations.save(evaluation(mlp1Random, 1.0, 0.1));
    evaluations.save(evaluation(mlp3Clean, 0.995, 0.52));
    evaluations.save(evaluation(mlp3Random, 0.9, 0.1));

    FigureSeries series =
        reports.figures(
            new RunSelection(
                List.of(mlp1Clean, mlp1Random, mlp3Clean, mlp3Random), OptionalLong.empty()),
            Reports.DEFAULT_INTERPOLATION_THRESHOLD);

    // Only the model varies, so it alone names the series.
    assertThat(series.fitTimes())
        .extracting(
            f -> f.run().series(),
            FigureSeries.FitTime::stepsTo99TrainAccuracy,
            FigureSeries.FitTime::totalSteps,
            f -> f.relativeTimeTo99().orElse(-1))
        .containsExactly(
            tuple("MLP 1x512", 20L, 20L, 1.0),
            tuple("MLP 1x512", 60L, 60L, 3.0),
            tuple("MLP 3x512", 40L, 40L, 1.0),
            // Never fitted: censored at its last step, 50 of the 40 its clean run needed.
            tuple("MLP 3x512", 0L, 50L, 1.25));
    assertThat(series.testErrors())
        .extracting(f -> f.run().series(), FigureSeries.TestError::interpolated)
        .containsExactly(
            tuple("MLP 1x512", true),
            tuple("MLP 1x512", true),
            tuple("MLP 3x512", true),
            tuple("MLP 3x512", false));
    assertThat(series.lossCurves().get(0).run().model()).isEqualTo(ModelKind.MODEL_KIND_MLP_1X512);
    assertThat(series.lossCurves().get(0).run().trainSubset()).isEqualTo(1000);
  }

  @Test
  void figureSeriesFollowTheCorruptionLevels() {
    long sweepId = sweepOfFinishedRuns();
    List<Long> ids = sweeps.find(sweepId).orElseThrow().runIds();
    evaluations.save(evaluation(ids.get(0), 0.5));
    evaluations.save(evaluation(ids.get(2), 0.1));
    long queued = runs.submit("queued", partialLabels(0.2, false)).run().id();

    FigureSeries series =
        reports.figures(
            new RunSelection(List.of(queued), OptionalLong.of(sweepId)),
            Reports.DEFAULT_INTERPOLATION_THRESHOLD);

    // 1a: a loss curve per run that has epochs, at cumulative steps.
    assertThat(series.lossCurves())
        .extracting(FigureSeries.LossCurve::runId, c -> c.run().corruptionProbability())
        .containsExactly(tuple(ids.get(0), 0.0), tuple(ids.get(1), 0.5), tuple(ids.get(2), 1.0));
    assertThat(series.lossCurves().get(1).points())
        .containsExactly(
            new LossPoint(10, 1, 2.5, 0.5, Optional.empty(), OptionalDouble.empty()),
            new LossPoint(20, 2, 2.5, 0.5, Optional.empty(), OptionalDouble.empty()),
            new LossPoint(30, 3, 0.05, 1.0, Optional.empty(), OptionalDouble.empty()));
    // 1b: steps to fit of the SUCCEEDED runs, from the epoch that first reached the threshold.
    assertThat(series.fitTimes())
        .extracting(
            FigureSeries.FitTime::runId,
            f -> f.run().corruptionProbability(),
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
