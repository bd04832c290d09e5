package dev.gengap.cli.plot;

import dev.gengap.cli.Display;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.FigureSeries;
import dev.gengap.proto.v1.FitTimePoint;
import dev.gengap.proto.v1.LossCurve;
import dev.gengap.proto.v1.LossPoint;
import dev.gengap.proto.v1.TestErrorPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Figure 1 of the paper as three PNG charts: (a) training loss against steps, one line per run; (b)
 * steps to fit against the label corruption level; (c) test error against it.
 */
public final class FigureCharts {
  public static final String LOSS_FILE = "figure1a-training-loss.png";
  public static final String FIT_TIME_FILE = "figure1b-time-to-fit.png";
  public static final String TEST_ERROR_FILE = "figure1c-test-error.png";

  /** Loss curves are dense lines; the few points of (b) and (c) are marked. */
  private enum Marks {
    LINES,
    LINES_AND_POINTS
  }

  private final int width;
  private final int height;

  public FigureCharts(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** Writes the three charts into {@code directory} (created if missing); returns their paths. */
  public List<Path> write(FigureSeries series, Path directory) throws IOException {
    Files.createDirectories(directory);
    List<Path> files =
        List.of(
            directory.resolve(LOSS_FILE),
            directory.resolve(FIT_TIME_FILE),
            directory.resolve(TEST_ERROR_FILE));
    ChartUtils.saveChartAsPNG(files.get(0).toFile(), lossChart(series), width, height);
    ChartUtils.saveChartAsPNG(files.get(1).toFile(), fitTimeChart(series), width, height);
    ChartUtils.saveChartAsPNG(files.get(2).toFile(), testErrorChart(series), width, height);
    return files;
  }

  static JFreeChart lossChart(FigureSeries series) {
    XYSeriesCollection lines = new XYSeriesCollection();
    Set<String> names = new HashSet<>();
    for (LossCurve curve : series.getLossCurvesList()) {
      String name = curveName(curve.getCorruption(), curve.getCorruptionProbability());
      if (!names.add(name)) {
        name = name + " (run " + curve.getRunId() + ")";
      }
      XYSeries line = new XYSeries(name, true, true);
      for (LossPoint point : curve.getPointsList()) {
        line.add(point.getStep() / 1000.0, point.getTrainLoss());
      }
      lines.addSeries(line);
    }
    return chart("(a) Training loss", "thousand steps", "average loss", lines, Marks.LINES);
  }

  static JFreeChart fitTimeChart(FigureSeries series) {
    XYSeries toAccuracy = new XYSeries("steps to 99% train accuracy", true, true);
    XYSeries toLoss = new XYSeries("steps to train loss 0.1", true, true);
    for (FitTimePoint point : series.getFitTimesList()) {
      OptionalDouble level =
          labelCorruptionLevel(point.getCorruption(), point.getCorruptionProbability());
      if (level.isEmpty()) {
        continue; // Figure 1b is about label noise; pixel corruptions have no level.
      }
      if (point.getStepsTo99TrainAccuracy() > 0) {
        toAccuracy.add(level.getAsDouble(), point.getStepsTo99TrainAccuracy() / 1000.0);
      }
      if (point.getStepsToTrainLoss01() > 0) {
        toLoss.add(level.getAsDouble(), point.getStepsToTrainLoss01() / 1000.0);
      }
    }
    XYSeriesCollection lines = new XYSeriesCollection();
    lines.addSeries(toAccuracy);
    lines.addSeries(toLoss);
    return chart(
        "(b) Convergence slowdown",
        "label corruption",
        "time to fit (thousand steps)",
        lines,
        Marks.LINES_AND_POINTS);
  }

  static JFreeChart testErrorChart(FigureSeries series) {
    XYSeries error = new XYSeries("test error", true, true);
    for (TestErrorPoint point : series.getTestErrorsList()) {
      OptionalDouble level =
          labelCorruptionLevel(point.getCorruption(), point.getCorruptionProbability());
      if (level.isPresent()) {
        error.add(level.getAsDouble(), point.getTestError());
      }
    }
    XYSeriesCollection lines = new XYSeriesCollection(error);
    JFreeChart chart =
        chart(
            "(c) Generalization error growth",
            "label corruption",
            "test error",
            lines,
            Marks.LINES_AND_POINTS);
    chart.getXYPlot().getRangeAxis().setRange(0, 1);
    return chart;
  }

  /** The x of Figure 1b/c: 0 for true labels, p for partial, 1 for random; none for pixels. */
  static OptionalDouble labelCorruptionLevel(CorruptionKind kind, double probability) {
    return switch (kind) {
      case CORRUPTION_KIND_TRUE_LABELS -> OptionalDouble.of(0);
      case CORRUPTION_KIND_PARTIAL_LABELS -> OptionalDouble.of(probability);
      case CORRUPTION_KIND_RANDOM_LABELS -> OptionalDouble.of(1);
      case CORRUPTION_KIND_SHUFFLED_PIXELS,
          CORRUPTION_KIND_RANDOM_PIXELS,
          CORRUPTION_KIND_GAUSSIAN,
          CORRUPTION_KIND_UNSPECIFIED,
          UNRECOGNIZED ->
          OptionalDouble.empty();
    };
  }

  /** The legend of Figure 1a: "true labels", "random labels", "partial labels (p=0.4)", .... */
  static String curveName(CorruptionKind kind, double probability) {
    return switch (kind) {
      case CORRUPTION_KIND_TRUE_LABELS -> "true labels";
      case CORRUPTION_KIND_PARTIAL_LABELS ->
          "partial labels (p=" + Display.decimal(probability) + ")";
      case CORRUPTION_KIND_RANDOM_LABELS -> "random labels";
      case CORRUPTION_KIND_SHUFFLED_PIXELS -> "shuffled pixels";
      case CORRUPTION_KIND_RANDOM_PIXELS -> "random pixels";
      case CORRUPTION_KIND_GAUSSIAN -> "gaussian";
      case CORRUPTION_KIND_UNSPECIFIED, UNRECOGNIZED -> "unknown corruption";
    };
  }

  private static JFreeChart chart(
      String title, String xLabel, String yLabel, XYSeriesCollection lines, Marks marks) {
    NumberAxis xAxis = new NumberAxis(xLabel);
    xAxis.setAutoRangeIncludesZero(true);
    NumberAxis yAxis = new NumberAxis(yLabel);
    XYLineAndShapeRenderer renderer =
        new XYLineAndShapeRenderer(true, marks == Marks.LINES_AND_POINTS);
    XYPlot plot = new XYPlot(lines, xAxis, yAxis, renderer);
    return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }
}
