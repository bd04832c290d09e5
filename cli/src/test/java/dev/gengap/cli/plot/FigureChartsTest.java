package dev.gengap.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gengap.cli.plot.FigureCharts.FitTimeScale;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.FigureSeries;
import dev.gengap.proto.v1.FitTimePoint;
import dev.gengap.proto.v1.LossCurve;
import dev.gengap.proto.v1.LossPoint;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunFacts;
import dev.gengap.proto.v1.TestErrorPoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureChartsTest {
  @TempDir Path dir;

  private static final double[] LEVELS = {0, 0.5, 1};
  private static final CorruptionKind[] KINDS = {
    CorruptionKind.CORRUPTION_KIND_TRUE_LABELS,
    CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS,
    CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS
  };

  private static RunFacts facts(String series, ModelKind model, int level) {
    return RunFacts.newBuilder()
        .setModel(model)
        .setSeries(series)
        .setDataset("cifar10")
        .setTrainSubset(10_000)
        .setCorruption(KINDS[level])
        .setCorruptionProbability(LEVELS[level])
        .build();
  }

  /**
   * A sweep of two models over p = 0, 0.5, 1 with a test curve per run. MLP 3x512 never reaches 99
   * % on random labels (censored in 1b) and its evaluation says it did not interpolate (absent from
   * 1c).
   */
  static FigureSeries twoModels() {
    FigureSeries.Builder series = FigureSeries.newBuilder().setInterpolationThreshold(0.99);
    List<String> names = List.of("MLP 1x512", "MLP 3x512");
    List<ModelKind> models =
        List.of(ModelKind.MODEL_KIND_MLP_1X512, ModelKind.MODEL_KIND_MLP_3X512);
    for (int m = 0; m < 2; m++) {
      for (int i = 0; i < 3; i++) {
        long runId = 10L * m + i + 1;
        RunFacts run = facts(names.get(m), models.get(m), i);
        LossCurve.Builder curve =
            LossCurve.newBuilder()
                .setRunId(runId)
                .setCorruption(KINDS[i])
                .setCorruptionProbability(LEVELS[i])
                .setRun(run);
        for (int epoch = 1; epoch <= 5; epoch++) {
          curve.addPoints(
              LossPoint.newBuilder()
                  .setEpoch(epoch)
                  .setStep(epoch * 80L)
                  .setTrainLoss(2.3 / (epoch + i))
                  .setTrainAccuracy(0.2 * epoch)
                  .setTestAccuracy(0.5 - 0.01 * epoch));
        }
        series.addLossCurves(curve);
        boolean neverFits = m == 1 && i == 2;
        series.addFitTimes(
            FitTimePoint.newBuilder()
                .setRunId(runId)
                .setRun(run)
                .setStepsTo99TrainAccuracy(neverFits ? 0 : 1000L * (i + 1))
                .setTotalSteps(neverFits ? 5000 : 1000L * (i + 1))
                .setRelativeTimeTo99(neverFits ? 5.0 : i + 1.0));
        series.addTestErrors(
            TestErrorPoint.newBuilder()
                .setRunId(runId)
                .setRun(run)
                .setTestError(0.5 + 0.4 * LEVELS[i])
                .setTrainAccuracy(neverFits ? 0.97 : 1.0)
                .setInterpolated(!neverFits));
      }
    }
    // A pixel corruption belongs in (a) only.
    RunFacts gaussian =
        RunFacts.newBuilder()
            .setSeries("MLP 1x512")
            .setDataset("cifar10")
            .setTrainSubset(10_000)
            .setCorruption(CorruptionKind.CORRUPTION_KIND_GAUSSIAN)
            .build();
    series.addLossCurves(
        LossCurve.newBuilder()
            .setRunId(9)
            .setRun(gaussian)
            .addPoints(LossPoint.newBuilder().setStep(80).setTrainLoss(2.2)));
    series.addTestErrors(
        TestErrorPoint.newBuilder()
            .setRunId(9)
            .setRun(gaussian)
            .setTestError(0.9)
            .setInterpolated(true));
    return series.build();
  }

  private static List<Object> keys(XYDataset dataset) {
    return IntStream.range(0, dataset.getSeriesCount())
        .mapToObj(i -> (Object) dataset.getSeriesKey(i))
        .toList();
  }

  private static List<String> subtitles(JFreeChart chart) {
    return IntStream.range(0, chart.getSubtitleCount())
        .mapToObj(chart::getSubtitle)
        .filter(TextTitle.class::isInstance)
        .map(t -> ((TextTitle) t).getText())
        .toList();
  }

  @Test
  void twoModelsGiveTwoCurvesInFigure1bAndCWithCensoredAndUnfittedRunsMarked() {
    var fitChart = FigureCharts.fitTimeChart(twoModels(), FitTimeScale.RELATIVE);
    var fit = fitChart.getXYPlot().getDataset();
    var errorChart = FigureCharts.testErrorChart(twoModels());
    var error = errorChart.getXYPlot().getDataset();

    assertThat(keys(fit))
        .containsExactly("MLP 1x512", "MLP 3x512", "MLP 3x512 (never reached 99 %)");
    assertThat(fit.getItemCount(1)).isEqualTo(2);
    assertThat(fit.getXValue(2, 0)).isEqualTo(1.0);
    assertThat(fit.getYValue(2, 0)).as("censored at its last step, relative").isEqualTo(5.0);
    var renderer = fitChart.getXYPlot().getRenderer();
    assertThat(renderer.getSeriesShape(2)).isNotEqualTo(renderer.getSeriesShape(1));
    assertThat(renderer.getSeriesPaint(2)).isEqualTo(renderer.getSeriesPaint(1));

    assertThat(keys(error)).containsExactly("MLP 1x512", "MLP 3x512");
    assertThat(error.getItemCount(0)).isEqualTo(3);
    assertThat(error.getItemCount(1)).as("its random-label run did not interpolate").isEqualTo(2);
    assertThat(error.getYValue(0, 2)).isCloseTo(0.9, within(1e-12));
    assertThat(subtitles(errorChart))
        .anyMatch(t -> t.contains("run 13 MLP 3x512 random labels (train 97.00 %)"));
    assertThat(subtitles(errorChart))
        .contains("MLP 1x512, MLP 3x512 · cifar10, first 10,000 training images");
  }

  @Test
  void fitTimeInStepsShowsAbsoluteThousands() {
    var fit = FigureCharts.fitTimeChart(twoModels(), FitTimeScale.STEPS).getXYPlot().getDataset();

    assertThat(fit.getYValue(0, 2)).isEqualTo(3.0);
    assertThat(fit.getYValue(2, 0)).isEqualTo(5.0); // censored at 5,000 steps
  }

  @Test
  void lossChartNamesTheModelWhenSeveralAreShown() {
    var dataset = FigureCharts.lossChart(twoModels()).getXYPlot().getDataset();

    assertThat(dataset.getSeriesCount()).isEqualTo(7);
    assertThat(keys(dataset))
        .startsWith("MLP 1x512: true labels", "MLP 1x512: partial labels (p=0.5)")
        .contains("MLP 3x512: random labels", "MLP 1x512: gaussian");
    assertThat(dataset.getXValue(0, 4)).isEqualTo(0.4); // 400 steps in thousands
  }

  @Test
  void learningCurvesDrawTrainAndTestAccuracyPerRun() {
    var dataset = FigureCharts.learningCurvesChart(twoModels()).getXYPlot().getDataset();
    var test = FigureCharts.testAccuracyChart(twoModels()).getXYPlot().getDataset();

    assertThat(dataset.getSeriesCount()).isEqualTo(12); // 6 runs with test points × 2
    assertThat(keys(dataset))
        .startsWith("MLP 1x512: true labels (run 1) train", "MLP 1x512: true labels (run 1) test");
    assertThat(dataset.getYValue(1, 0)).isCloseTo(0.49, within(1e-12));
    assertThat(test.getSeriesCount()).isEqualTo(6);
  }

  @Test
  void writesDecodablePngsAndSvgsOfTheAskedSize() throws IOException {
    List<Path> files =
        new FigureCharts(640, 480, FitTimeScale.RELATIVE).write(twoModels(), dir.resolve("plots"));

    assertThat(files)
        .extracting(path -> path.getFileName().toString())
        .containsExactly(
            "figure1a-training-loss.png",
            "figure1a-training-loss.svg",
            "figure1b-time-to-fit.png",
            "figure1b-time-to-fit.svg",
            "figure1c-test-error.png",
            "figure1c-test-error.svg",
            "learning-curves.png",
            "learning-curves.svg",
            "test-accuracy.png",
            "test-accuracy.svg");
    for (Path file : files) {
      if (file.toString().endsWith(".png")) {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file.toString()).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
      } else {
        assertThat(Files.readString(file)).contains("<svg").contains("MLP 3x512");
      }
    }
  }

  @Test
  void linearRunsGetSection5sDistanceToTheMinimumNormInterpolant() throws IOException {
    RunFacts linear =
        RunFacts.newBuilder()
            .setModel(ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES)
            .setSeries("Linear (SGD)")
            .setDataset("cifar10")
            .setTrainSubset(300)
            .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
            .build();
    LossCurve.Builder curve = LossCurve.newBuilder().setRunId(4).setRun(linear);
    for (int epoch = 1; epoch <= 3; epoch++) {
      curve.addPoints(
          LossPoint.newBuilder()
              .setEpoch(epoch)
              .setStep(300L * epoch)
              .setTrainLoss(0.5 / epoch)
              .setRelativeDistance(Math.pow(10, -epoch)));
    }
    FigureSeries series = FigureSeries.newBuilder().addLossCurves(curve).build();

    var dataset = FigureCharts.minimumNormChart(series).getXYPlot().getDataset();
    assertThat(keys(dataset))
        .containsExactly(
            "true labels (run 4) distance to W_min", "true labels (run 4) training loss");
    assertThat(dataset.getYValue(0, 2)).isEqualTo(1e-3);
    assertThat(dataset.getXValue(0, 2)).isEqualTo(0.9);
    assertThat(new FigureCharts(200, 150, FitTimeScale.RELATIVE).write(series, dir))
        .extracting(path -> path.getFileName().toString())
        .contains("section5-minimum-norm.png", "section5-minimum-norm.svg");
    assertThat(new FigureCharts(200, 150, FitTimeScale.RELATIVE).write(twoModels(), dir))
        .extracting(path -> path.getFileName().toString())
        .doesNotContain("section5-minimum-norm.png");
  }

  @Test
  void emptySeriesStillWritesFigure1() throws IOException {
    List<Path> files =
        new FigureCharts(200, 150, FitTimeScale.RELATIVE)
            .write(FigureSeries.getDefaultInstance(), dir);

    assertThat(files).hasSize(6);
    assertThat(files)
        .filteredOn(f -> f.toString().endsWith(".png"))
        .allSatisfy(file -> assertThat(ImageIO.read(file.toFile())).isNotNull());
  }
}
