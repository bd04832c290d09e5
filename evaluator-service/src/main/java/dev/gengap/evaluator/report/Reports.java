package dev.gengap.evaluator.report;

import dev.gengap.evaluator.report.FigureSeries.FitTime;
import dev.gengap.evaluator.report.FigureSeries.LossCurve;
import dev.gengap.evaluator.report.FigureSeries.LossPoint;
import dev.gengap.evaluator.report.FigureSeries.TestError;
import dev.gengap.plumbing.NotFoundException;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EpochRow;
import dev.gengap.store.Evaluation;
import dev.gengap.store.EvaluationRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunStatus;
import dev.gengap.store.SweepRepository;
import dev.gengap.store.SweepRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Table 1 and the Figure 1 series for a selection of runs, read from the results store. */
public final class Reports {
  private final RunRepository runs;
  private final SweepRepository sweeps;
  private final EpochRepository epochs;
  private final EvaluationRepository evaluations;

  public Reports(
      RunRepository runs,
      SweepRepository sweeps,
      EpochRepository epochs,
      EvaluationRepository evaluations) {
    this.runs = runs;
    this.sweeps = sweeps;
    this.epochs = epochs;
    this.evaluations = evaluations;
  }

  /** One row per selected run, by run id. */
  public List<TableRow> table(RunSelection selection) {
    List<RunRow> selected = resolve(selection);
    Map<Long, Evaluation> evaluated = evaluationsOf(selected);
    return selected.stream()
        .map(run -> row(run, Optional.ofNullable(evaluated.get(run.id()))))
        .toList();
  }

  /**
   * Figure 1 for the selected runs, by run id: (a) a loss curve for every run with recorded epochs,
   * (b) fit times of the SUCCEEDED runs, (c) test errors of the evaluated runs.
   */
  public FigureSeries figures(RunSelection selection) {
    List<RunRow> selected = resolve(selection);
    List<Long> ids = selected.stream().map(RunRow::id).toList();
    Map<Long, List<EpochRow>> histories = epochs.histories(ids);
    Map<Long, Evaluation> evaluated = evaluationsOf(selected);
    List<LossCurve> curves = new ArrayList<>();
    List<FitTime> fitTimes = new ArrayList<>();
    List<TestError> testErrors = new ArrayList<>();
    for (RunRow run : selected) {
      var data = run.spec().getData();
      List<EpochRow> history = histories.getOrDefault(run.id(), List.of());
      if (!history.isEmpty()) {
        curves.add(
            new LossCurve(
                run.id(),
                data.getCorruption(),
                data.getCorruptionProbability(),
                history.stream()
                    .map(
                        e ->
                            new LossPoint(
                                e.metrics().steps(), e.metrics().epoch(), e.metrics().trainLoss()))
                    .toList()));
      }
      if (run.status() == RunStatus.SUCCEEDED) {
        fitTimes.add(
            new FitTime(
                run.id(),
                data.getCorruption(),
                data.getCorruptionProbability(),
                run.stepsTo99TrainAccuracy(),
                run.stepsToTrainLoss01()));
      }
      Evaluation evaluation = evaluated.get(run.id());
      if (evaluation != null) {
        testErrors.add(
            new TestError(
                run.id(),
                data.getCorruption(),
                data.getCorruptionProbability(),
                1 - evaluation.testAccuracy()));
      }
    }
    return new FigureSeries(curves, fitTimes, testErrors);
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

  private static TableRow row(RunRow run, Optional<Evaluation> evaluation) {
    RunSpec spec = run.spec();
    return new TableRow(
        run.id(),
        run.displayName(),
        spec.getModel().getKind(),
        spec.getModel().getBatchNorm(),
        spec.getData().getCorruption(),
        spec.getData().getCorruptionProbability(),
        spec.getRecipe().getWeightDecay() > 0,
        spec.getRecipe().getRandomCrop(),
        run.status(),
        run.epochsCompleted(),
        spec.getData().getTrainSubset(),
        evaluation);
  }
}
