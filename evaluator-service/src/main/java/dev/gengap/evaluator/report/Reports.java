package dev.gengap.evaluator.report;

import dev.gengap.evaluator.report.FigureSeries.FitTime;
import dev.gengap.evaluator.report.FigureSeries.LossCurve;
import dev.gengap.evaluator.report.FigureSeries.LossPoint;
import dev.gengap.evaluator.report.FigureSeries.TestError;
import dev.gengap.evaluator.report.TableRow.EarlyStopping;
import dev.gengap.plumbing.InvalidArgumentException;
import dev.gengap.plumbing.NotFoundException;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.spec.ModelRules;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.Evaluation;
import dev.gengap.store.EvaluationRepository;
import dev.gengap.store.InterpolationFit;
import dev.gengap.store.InterpolationRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunStatus;
import dev.gengap.store.SweepRepository;
import dev.gengap.store.SweepRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Table 1 and the Figure 1 series for a selection of runs, read from the results store. */
public final class Reports {
  private final RunRepository runs;
  private final SweepRepository sweeps;
  private final EpochRepository epochs;
  private final EvaluationRepository evaluations;
  private final InterpolationRepository interpolations;

  public Reports(
      RunRepository runs,
      SweepRepository sweeps,
      EpochRepository epochs,
      EvaluationRepository evaluations,
      InterpolationRepository interpolations) {
    this.runs = runs;
    this.sweeps = sweeps;
    this.epochs = epochs;
    this.evaluations = evaluations;
    this.interpolations = interpolations;
  }

  /** Figure 1c's default: a run has fitted its training data at ≥ 99 % clean train accuracy. */
  public static final double DEFAULT_INTERPOLATION_THRESHOLD = 0.99;

  /**
   * One row per selected run, by run id, with the early-stopping figures of runs that measured test
   * accuracy during training and, when {@code paperTable} is given, the paper's numbers for the row
   * each run reproduces.
   */
  public List<TableRow> table(RunSelection selection, Optional<PaperTable> paperTable) {
    List<RunRow> selected = resolve(selection);
    Map<Long, Evaluation> evaluated = evaluationsOf(selected);
    Map<Long, List<EpochRow>> histories = epochs.histories(ids(selected));
    return selected.stream()
        .map(
            run -> {
              TableRow row =
                  row(
                      run,
                      Optional.ofNullable(evaluated.get(run.id())),
                      earlyStopping(histories.getOrDefault(run.id(), List.of())),
                      kernel(run));
              return paperTable
                  .map(
                      table ->
                          row.withPaper(
                              PaperNumbers.keyOf(row).flatMap(k -> PaperNumbers.find(table, k))))
                  .orElse(row);
            })
        .toList();
  }

  /**
   * Figure 1 for the selected runs, by run id: (a) a loss curve for every run with recorded epochs,
   * (b) fit times of the SUCCEEDED runs, censored at their last step where they never fitted, (c)
   * test errors of the evaluated runs, marked interpolated when their clean training accuracy
   * reached {@code interpolationThreshold}.
   */
  public FigureSeries figures(RunSelection selection, double interpolationThreshold) {
    if (!(interpolationThreshold > 0 && interpolationThreshold <= 1)) {
      throw new InvalidArgumentException(
          "interpolation_threshold",
          "must be in (0, 1] (or 0 for 0.99), was " + interpolationThreshold);
    }
    List<RunRow> selected = resolve(selection);
    Series series = Series.of(selected);
    Map<Long, List<EpochRow>> histories = epochs.histories(ids(selected));
    Map<Long, Evaluation> evaluated = evaluationsOf(selected);
    List<LossCurve> curves = new ArrayList<>();
    List<FitTime> fitTimes = new ArrayList<>();
    List<TestError> testErrors = new ArrayList<>();
    for (RunRow run : selected) {
      RunFacts facts = facts(run, series);
      List<EpochRow> history = histories.getOrDefault(run.id(), List.of());
      if (!history.isEmpty()) {
        Map<Integer, Double> distances = relativeDistances(run);
        curves.add(
            new LossCurve(
                run.id(),
                facts,
                history.stream()
                    .map(EpochRow::metrics)
                    .map(
                        m ->
                            new LossPoint(
                                m.steps(),
                                m.epoch(),
                                m.trainLoss(),
                                m.trainAccuracy(),
                                m.test(),
                                distances.containsKey(m.epoch())
                                    ? OptionalDouble.of(distances.get(m.epoch()))
                                    : OptionalDouble.empty()))
                    .toList()));
      }
      if (run.status() == RunStatus.SUCCEEDED) {
        long totalSteps = history.isEmpty() ? 0 : history.get(history.size() - 1).metrics().steps();
        fitTimes.add(
            new FitTime(
                run.id(),
                facts,
                run.stepsTo99TrainAccuracy(),
                run.stepsToTrainLoss01(),
                totalSteps,
                OptionalDouble.empty()));
      }
      Evaluation evaluation = evaluated.get(run.id());
      if (evaluation != null) {
        testErrors.add(
            new TestError(
                run.id(),
                facts,
                1 - evaluation.testAccuracy(),
                evaluation.trainAccuracy(),
                evaluation.trainAccuracy() >= interpolationThreshold));
      }
    }
    return new FigureSeries(
        curves, relativeToCleanLabels(fitTimes), testErrors, interpolationThreshold);
  }

  /** The linear run kind's distance to W_min per epoch (Section 5); empty for other kinds. */
  private Map<Integer, Double> relativeDistances(RunRow run) {
    if (run.spec().getModel().getKind() != ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES) {
      return Map.of();
    }
    return interpolations.sgdEpochs(run.id()).stream()
        .collect(
            Collectors.toMap(
                InterpolationRepository.SgdEpoch::epoch,
                InterpolationRepository.SgdEpoch::relativeDistance));
  }

  /**
   * Figure 1b as the paper draws it: each run's time to fit over that of its series' run at label
   * corruption 0 (true labels, or partial labels with p = 0; the first by run id if several).
   */
  private static List<FitTime> relativeToCleanLabels(List<FitTime> fitTimes) {
    Map<String, Long> baseline = new HashMap<>();
    for (FitTime f : fitTimes) {
      if (cleanLabels(f.run()) && f.stepsTo99TrainAccuracy() > 0) {
        baseline.putIfAbsent(f.run().series(), f.stepsTo99TrainAccuracy());
      }
    }
    return fitTimes.stream()
        .map(
            f -> {
              Long base = baseline.get(f.run().series());
              long steps =
                  f.stepsTo99TrainAccuracy() > 0 ? f.stepsTo99TrainAccuracy() : f.totalSteps();
              return new FitTime(
                  f.runId(),
                  f.run(),
                  f.stepsTo99TrainAccuracy(),
                  f.stepsToTrainLoss01(),
                  f.totalSteps(),
                  base == null ? OptionalDouble.empty() : OptionalDouble.of((double) steps / base));
            })
        .toList();
  }

  private static boolean cleanLabels(RunFacts run) {
    return run.corruption() == CorruptionKind.CORRUPTION_KIND_TRUE_LABELS
        || (run.corruption() == CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS
            && run.corruptionProbability() == 0);
  }

  /** The best test accuracy measured during training (its first epoch) and the last one. */
  static Optional<EarlyStopping> earlyStopping(List<EpochRow> history) {
    EarlyStopping found = null;
    for (EpochRow row : history) {
      if (row.metrics().test().isEmpty()) {
        continue;
      }
      double accuracy = row.metrics().test().get().accuracy();
      if (found == null || accuracy > found.bestTestAccuracy()) {
        found = new EarlyStopping(accuracy, row.metrics().epoch(), accuracy);
      } else {
        found = new EarlyStopping(found.bestTestAccuracy(), found.bestEpoch(), accuracy);
      }
    }
    return Optional.ofNullable(found);
  }

  private static RunFacts facts(RunRow run, Series series) {
    RunSpec spec = run.spec();
    var data = spec.getData();
    return new RunFacts(
        spec.getModel().getKind(),
        spec.getModel().getBatchNorm(),
        data.getSeed(),
        data.getTrainSubset(),
        data.getCorruption(),
        data.getCorruptionProbability(),
        data.getCorruptTestLabels(),
        run.displayName(),
        data.getDataset(),
        series.nameOf(spec));
  }

  private static List<Long> ids(List<RunRow> runs) {
    return runs.stream().map(RunRow::id).toList();
  }

  /** The union of the named runs and the sweep's runs, by id; unknown ids are NOT_FOUND. */
  private List<RunRow> resolve(RunSelection selection) {
    TreeSet<Long> ids = new TreeSet<>(selection.runIds());
    if (selection.sweepId().isPresent()) {
      long sweepId = selection.sweepId().getAsLong();
      SweepRow sweep =
          sweeps
              .find(sweepId)
              .orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist"));
      ids.addAll(sweep.runIds());
    }
    List<RunRow> found = runs.findAll(ids);
    if (found.size() < ids.size()) {
      found.stream().map(RunRow::id).toList().forEach(ids::remove);
      throw new NotFoundException("run " + ids.first() + " does not exist");
    }
    return found;
  }

  private Map<Long, Evaluation> evaluationsOf(List<RunRow> selected) {
    return evaluations.findAll(selected.stream().map(RunRow::id).toList()).stream()
        .collect(Collectors.toMap(Evaluation::runId, Function.identity()));
  }

  /** A kernel run's γ and, once stored, its fit's RKHS norm; empty for every other kind. */
  private Optional<TableRow.Kernel> kernel(RunRow run) {
    ModelSpec model = run.spec().getModel();
    if (!ModelRules.of(model.getKind()).takesKernelWidth()) {
      return Optional.empty();
    }
    OptionalDouble norm =
        interpolations
            .findFit(run.id())
            .map(InterpolationFit::rkhsNorm)
            .orElse(OptionalDouble.empty());
    return Optional.of(new TableRow.Kernel(model.getGamma(), norm));
  }

  private static TableRow row(
      RunRow run,
      Optional<Evaluation> evaluation,
      Optional<EarlyStopping> earlyStopping,
      Optional<TableRow.Kernel> kernel) {
    RunSpec spec = run.spec();
    return new TableRow(
        run.id(),
        run.displayName(),
        spec.getData().getDataset(),
        spec.getModel().getKind(),
        spec.getModel().getBatchNorm(),
        spec.getData().getCorruption(),
        spec.getData().getCorruptionProbability(),
        // Both are ℓ2 regularizers: Table 3's "with ℓ2 regularization" is the kernel's ridge.
        spec.getRecipe().getWeightDecay() > 0 || spec.getModel().getRidge() > 0,
        spec.getRecipe().getRandomCrop(),
        spec.getRecipe().getDropout(),
        run.status(),
        run.epochsCompleted(),
        spec.getData().getTrainSubset(),
        evaluation,
        earlyStopping,
        kernel,
        Optional.empty());
  }
}
