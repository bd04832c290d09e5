package dev.gengap.evaluator.server;

import dev.gengap.evaluator.report.FigureSeries;
import dev.gengap.evaluator.report.RunSelection;
import dev.gengap.evaluator.report.TableRow;
import dev.gengap.proto.v1.FitTimePoint;
import dev.gengap.proto.v1.LossCurve;
import dev.gengap.proto.v1.LossPoint;
import dev.gengap.proto.v1.ReportRequest;
import dev.gengap.proto.v1.Table;
import dev.gengap.proto.v1.TestErrorPoint;
import dev.gengap.store.RunStatusMapper;
import java.util.List;
import java.util.OptionalLong;

/** Report requests and results between proto and {@code dev.gengap.evaluator.report}. */
final class ReportMapper {
  private ReportMapper() {}

  static RunSelection selection(ReportRequest request) {
    long sweepId = request.getSweepId();
    return new RunSelection(
        request.getRunIdsList(), sweepId == 0 ? OptionalLong.empty() : OptionalLong.of(sweepId));
  }

  static Table table(List<TableRow> rows) {
    Table.Builder table = Table.newBuilder();
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
              .setStatus(RunStatusMapper.toProto(row.status()))
              .setEpochs(row.epochs())
              .setTrainSubset(row.trainSubset());
      row.evaluation()
          .ifPresent(
              e ->
                  out.setHasEvaluation(true)
                      .setTrainAccuracy(e.trainAccuracy())
                      .setTestAccuracy(e.testAccuracy())
                      .setAccuracyGap(e.accuracyGap()));
    }
    return table.build();
  }

  static dev.gengap.proto.v1.FigureSeries figures(FigureSeries series) {
    dev.gengap.proto.v1.FigureSeries.Builder out = dev.gengap.proto.v1.FigureSeries.newBuilder();
    for (FigureSeries.LossCurve curve : series.lossCurves()) {
      LossCurve.Builder c =
          out.addLossCurvesBuilder()
              .setRunId(curve.runId())
              .setCorruption(curve.corruption())
              .setCorruptionProbability(curve.corruptionProbability());
      for (FigureSeries.LossPoint p : curve.points()) {
        c.addPoints(
            LossPoint.newBuilder()
                .setStep(p.step())
                .setEpoch(p.epoch())
                .setTrainLoss(p.trainLoss()));
      }
    }
    for (FigureSeries.FitTime f : series.fitTimes()) {
      out.addFitTimes(
          FitTimePoint.newBuilder()
              .setRunId(f.runId())
              .setCorruption(f.corruption())
              .setCorruptionProbability(f.corruptionProbability())
              .setStepsTo99TrainAccuracy(f.stepsTo99TrainAccuracy())
              .setStepsToTrainLoss01(f.stepsToTrainLoss01()));
    }
    for (FigureSeries.TestError t : series.testErrors()) {
      out.addTestErrors(
          TestErrorPoint.newBuilder()
              .setRunId(t.runId())
              .setCorruption(t.corruption())
              .setCorruptionProbability(t.corruptionProbability())
              .setTestError(t.testError()));
    }
    return out.build();
  }
}
