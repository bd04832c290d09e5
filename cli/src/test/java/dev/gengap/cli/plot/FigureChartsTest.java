package dev.gengap.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.FigureSeries;
import dev.gengap.proto.v1.FitTimePoint;
import dev.gengap.proto.v1.LossCurve;
import dev.gengap.proto.v1.LossPoint;
import dev.gengap.proto.v1.TestErrorPoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureChartsTest {
  @TempDir Path dir;

  static FigureSeries series() {
    FigureSeries.Builder series = FigureSeries.newBuilder();
    double[] levels = {0, 0.5, 1};
    CorruptionKind[] kinds = {
      CorruptionKind.CORRUPTION_KIND_TRUE_LABELS,
      CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS,
      CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS
    };
    for (int i = 0; i < 3; i++) {
      LossCurve.Builder curve =
          LossCurve.newBuilder()
              .setRunId(i + 1)
              .setCorruption(kinds[i])
              .setCorruptionProbability(levels[i]);
      for (int epoch = 1; epoch <= 5; epoch++) {
        curve.addPoints(
            LossPoint.newBuilder()
                .setEpoch(epoch)
                .setStep(epoch * 80L)
                .setTrainLoss(2.3 / (epoch + i)));
      }
      series.addLossCurves(curve);
      series.addFitTimes(
          FitTimePoint.newBuilder()
              .setRunId(i + 1)
              .setCorruption(kinds[i])
              .setCorruptionProbability(levels[i])
              .setStepsTo99TrainAccuracy(1000 * (i + 1))
              .setStepsToTrainLoss01(i == 2 ? 0 : 800 * (i + 1)));
      series.addTestErrors(
          TestErrorPoint.newBuilder()
              .setRunId(i + 1)
              .setCorruption(kinds[i])
              .setCorruptionProbability(levels[i])
              .setTestError(0.5 + 0.4 * levels[i]));
    }
    // A pixel corruption belongs in (a) only.
    series.addLossCurves(
        LossCurve.newBuilder()
            .setRunId(9)
            .setCorruption(CorruptionKind.CORRUPTION_KIND_GAUSSIAN)
            .addPoints(LossPoint.newBuilder().setStep(80).setTrainLoss(2.2)));
    series.addTestErrors(
        TestErrorPoint.newBuilder()
            .setRunId(9)
            .setCorruption(CorruptionKind.CORRUPTION_KIND_GAUSSIAN)
            .setTestError(0.9));
    return series.build();
  }

  @Test
  void writesThreeDecodablePngsOfTheAskedSize() throws IOException {
    List<Path> files = new FigureCharts(640, 480).write(series(), dir.resolve("plots"));

    assertThat(files)
        .extracting(path -> path.getFileName().toString())
        .containsExactly(
            FigureCharts.LOSS_FILE, FigureCharts.FIT_TIME_FILE, FigureCharts.TEST_ERROR_FILE);
    for (Path file : files) {
      BufferedImage image = ImageIO.read(file.toFile());
      assertThat(image).as(file.toString()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(640);
      assertThat(image.getHeight()).isEqualTo(480);
    }
  }

  @Test
  void lossChartHasOneLinePerRunNamedByCorruption() {
    var dataset = FigureCharts.lossChart(series()).getXYPlot().getDataset();

    assertThat(dataset.getSeriesCount()).isEqualTo(4);
    assertThat(List.of(0, 1, 2, 3))
        .extracting(dataset::getSeriesKey)
        .containsExactly("true labels", "partial labels (p=0.5)", "random labels", "gaussian");
    assertThat(dataset.getXValue(0, 4)).isEqualTo(0.4); // 400 steps in thousands
  }

  @Test
  void fitTimeAndTestErrorChartsKeepOnlyLabelCorruptions() {
    var fit = FigureCharts.fitTimeChart(series()).getXYPlot().getDataset();
    var error = FigureCharts.testErrorChart(series()).getXYPlot().getDataset();

    assertThat(fit.getItemCount(0)).isEqualTo(3);
    assertThat(fit.getItemCount(1)).isEqualTo(2); // random labels never reached loss 0.1
    assertThat(fit.getYValue(0, 2)).isEqualTo(3.0);
    assertThat(error.getItemCount(0)).isEqualTo(3);
    assertThat(error.getXValue(0, 2)).isEqualTo(1.0);
    assertThat(error.getYValue(0, 2)).isEqualTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void emptySeriesStillWritesCharts() throws IOException {
    List<Path> files = new FigureCharts(200, 150).write(FigureSeries.getDefaultInstance(), dir);

    assertThat(files).allSatisfy(file -> assertThat(ImageIO.read(file.toFile())).isNotNull());
  }
}
