package dev.gengap.evaluator.server;

import dev.gengap.evaluator.report.FigureSeries;
import dev.gengap.evaluator.report.PaperNumbers;
import dev.gengap.evaluator.report.PaperTable;
import dev.gengap.evaluator.report.Reports;
import dev.gengap.evaluator.report.RunFacts;
import dev.gengap.evaluator.report.RunSelection;
import dev.gengap.evaluator.report.TableRow;
import dev.gengap.plumbing.InvalidArgumentException;
import dev.gengap.proto.v1.FitTimePoint;
import dev.gengap.proto.v1.LossCurve;
import dev.gengap.proto.v1.LossPoint;
import dev.gengap.proto.v1.PaperFigures;
import dev.gengap.proto.v1.ReportRequest;
import dev.gengap.proto.v1.Table;
import dev.gengap.proto.v1.TestErrorPoint;
import dev.gengap.store.RunStatusMapper;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Report requests and results between proto and {@code dev.gengap.evaluator.report}. */
final class ReportMapper {
  private ReportMapper() {}

  static RunSelection selection(ReportRequest request) {
    long sweepId = request.getSweepId();
    return new RunSelection(
        request.getRunIdsList(), sweepId == 0 ? OptionalLong.empty() : OptionalLong.of(sweepId));
  }

  /** The request's threshold, 0 meaning the default. */
  static double interpolationThreshold(ReportRequest request) {
    return request.getInterpolationThreshold() == 0
        ? Reports.DEFAULT_INTERPOLATION_THRESHOLD
        : request.getInterpolationThreshold();
  }

  static Optional<PaperTable> paperTable(ReportRequest request) {
    return switch (request.getPaperTable()) {
      case PAPER_TABLE_UNSPECIFIED -> Optional.empty();
      case PAPER_TABLE_1 -> Optional.of(PaperTable.TABLE_1);
      case PAPER_TABLE_3 -> Optional.of(PaperTable.TABLE_3);
      case PAPER_TABLE_4 -> Optional.of(PaperTable.TABLE_4);
      case UNRECOGNIZED ->
          throw new InvalidArgumentException(
              "paper_table", "unknown value " + request.getPaperTableValue());
    };
  }

  static Table table(List<TableRow> rows, Optional<PaperTable> paperTable) {
    Table.Builder table = Table.newBuilder();
    paperTable.ifPresent(
        t -> PaperNumbers.rows(t).forEach(row -> table.addPaperRows(paperFigures(row))));
    for (TableRow row : rows) {
      dev.gengap.proto.v1.TableRow.Builder out =
          table
              .addRowsBuilder()
              .setRunId(row.runId())
              .setDisplayName(row.displayName())
              .setModel(row.model())
              .setBatchNorm(row.batchNorm())
              .setCorruption(row.corruption())
              .setCorruptionProbability(row.corruptionProbability())
              .setWeightDecay(row.weightDecay())
              .setRandomCrop(row.randomCrop())
              .setDropout(row.dropout())
              .setStatus(RunStatusMapper.toProto(row.status()))
              .setEpochs(row.epochs())
              .setTrainSubset(row.trainSubset())
              .setDataset(row.dataset());
      row.kernel()
          .ifPresent(
              kernel -> {
                out.setGamma(kernel.gamma());
                kernel.rkhsNorm().ifPresent(out::setRkhsNorm);
              });
      row.evaluation()
          .ifPresent(
              e ->
                  out.setHasEvaluation(true)
                      .setTrainAccuracy(e.trainAccuracy())
                      .setTestAccuracy(e.testAccuracy())
                      .setAccuracyGap(e.accuracyGap()));
      row.earlyStopping()
          .ifPresent(
              e ->
                  out.setHasTestCurve(true)
                      .setBestTestAccuracy(e.bestTestAccuracy())
                      .setBestTestEpoch(e.bestEpoch())
                      .setFinalTestAccuracy(e.finalTestAccuracy())
                      .setEarlyStoppingGain(e.gain()));
      row.paper().ifPresent(p -> out.setPaper(paperFigures(p)));
    }
    return table.build();
  }

  private static PaperFigures paperFigures(PaperNumbers.Row row) {
    PaperFigures.Builder out =
        PaperFigures.newBuilder().setSource(row.source()).setNote(row.note());
    row.trainAccuracy().ifPresent(a -> out.setHasTrainAccuracy(true).setTrainAccuracy(a));
    row.testAccuracy().ifPresent(a -> out.setHasTestAccuracy(true).setTestAccuracy(a));
    return out.build();
  }

  static dev.gengap.proto.v1.FigureSeries figures(FigureSeries series) {
    dev.gengap.proto.v1.FigureSeries.Builder out =
        dev.gengap.proto.v1.FigureSeries.newBuilder()
            .setInterpolationThreshold(series.interpolationThreshold());
    for (FigureSeries.LossCurve curve : series.lossCurves()) {
      LossCurve.Builder c =
          out.addLossCurvesBuilder()
              .setRunId(curve.runId())
              .setCorruption(curve.run().corruption())
              .setCorruptionProbability(curve.run().corruptionProbability())
              .setRun(facts(curve.run()));
      for (FigureSeries.LossPoint p : curve.points()) {
        LossPoint.Builder point =
            LossPoint.newBuilder()
                .setStep(p.step())
                .setEpoch(p.epoch())
                .setTrainLoss(p.trainLoss())
                .setTrainAccuracy(p.trainAccuracy());
        p.test().ifPresent(t -> point.setTestAccuracy(t.accuracy()).setTestLoss(t.loss()));
        p.relativeDistance().ifPresent(point::setRelativeDistance);
        c.addPoints(point);
      }
    }
    for (FigureSeries.FitTime f : series.fitTimes()) {
      FitTimePoint.Builder point =
          FitTimePoint.newBuilder()
              .setRunId(f.runId())
              .setCorruption(f.run().corruption())
              .setCorruptionProbability(f.run().corruptionProbability())
              .setStepsTo99TrainAccuracy(f.stepsTo99TrainAccuracy())
              .setStepsToTrainLoss01(f.stepsToTrainLoss01())
              .setRun(facts(f.run()))
              .setTotalSteps(f.totalSteps());
      f.relativeTimeTo99().ifPresent(point::setRelativeTimeTo99);
      out.addFitTimes(point);
    }
    for (FigureSeries.TestError t : series.testErrors()) {
      out.addTestErrors(
          TestErrorPoint.newBuilder()
              .setRunId(t.runId())
              .setCorruption(t.run().corruption())
              .setCorruptionProbability(t.run().corruptionProbability())
              .setTestError(t.testError())
              .setRun(facts(t.run()))
              .setTrainAccuracy(t.trainAccuracy())
              .setInterpolated(t.interpolated()));
    }
    return out.build();
  }

  private static dev.gengap.proto.v1.RunFacts facts(RunFacts run) {
    return dev.gengap.proto.v1.RunFacts.newBuilder()
        .setModel(run.model())
        .setBatchNorm(run.batchNorm())
        .setSeed(run.seed())
        .setTrainSubset(run.trainSubset())
        .setCorruption(run.corruption())
        .setCorruptionProbability(run.corruptionProbability())
        .setCorruptTestLabels(run.corruptTestLabels())
        .setDisplayName(run.displayName())
        .setDataset(run.dataset())
        .setSeries(run.series())
        .build();
  }
}
