package dev.gengap.cli.plot;

import dev.gengap.cli.Display;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.FigureSeries;
import dev.gengap.proto.v1.FitTimePoint;
import dev.gengap.proto.v1.LossCurve;
import dev.gengap.proto.v1.LossPoint;
import dev.gengap.proto.v1.RunFacts;
import dev.gengap.proto.v1.TestErrorPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * Figure 1 of the paper, one curve per model (the evaluator's series), as PNG and SVG: (a) training
 * loss against steps; (b) time to fit against label corruption, relative to the same series' p = 0
 * run, runs that never fitted drawn as censored points; (c) test error against label corruption for
 * the runs that interpolated, the others listed beneath. Where runs measured test accuracy during
 * training, also their learning curves and the test accuracy over steps (the paper's
 * implicit-regularization figure for Inception with and without BatchNorm). Where linear
 * least-squares runs recorded their distance to the minimum-norm interpolant, Section 5's figure:
 * that distance and the training loss over steps.
 */
public final class FigureCharts {
  public static final String LOSS_FILE = "figure1a-training-loss";
  public static final String FIT_TIME_FILE = "figure1b-time-to-fit";
  public static final String TEST_ERROR_FILE = "figure1c-test-error";
  public static final String LEARNING_CURVES_FILE = "learning-curves";
  public static final String TEST_ACCURACY_FILE = "test-accuracy";
  public static final String MINIMUM_NORM_FILE = "section5-minimum-norm";

  /** Okabe & Ito's colour-blind-safe palette, yellow last (it is faint on white). */
  static final List<Color> PALETTE =
      List.of(
          new Color(0x0072B2),
          new Color(0xE69F00),
          new Color(0x009E73),
          new Color(0xD55E00),
          new Color(0xCC79A7),
          new Color(0x56B4E9),
          Color.BLACK,
          new Color(0xF0E442));

  /** Dash patterns that tell series apart where colour already means something else. */
  private static final List<float[]> DASHES =
      List.of(
          new float[] {1f, 0f},
          new float[] {8f, 4f},
          new float[] {2f, 3f},
          new float[] {10f, 3f, 2f, 3f});

  private static final Shape REACHED = new Ellipse2D.Double(-4, -4, 8, 8);
  private static final Shape CENSORED = triangle();

  /** Figure 1b's y axis. */
  public enum FitTimeScale {
    /** Time to fit over that of the same series' p = 0 run, as the paper draws it. */
    RELATIVE,
    /** Thousands of SGD steps. */
    STEPS
  }

  private final int width;
  private final int height;
  private final FitTimeScale fitTimeScale;

  public FigureCharts(int width, int height, FitTimeScale fitTimeScale) {
    this.width = width;
    this.height = height;
    this.fitTimeScale = fitTimeScale;
  }

  /**
   * Writes every chart the series has data for into {@code directory} (created if missing), each as
   * PNG and SVG; returns their paths. Figure 1 a, b and c are always written.
   */
  public List<Path> write(FigureSeries series, Path directory) throws IOException {
    Files.createDirectories(directory);
    Map<String, JFreeChart> charts = new LinkedHashMap<>();
    charts.put(LOSS_FILE, lossChart(series));
    charts.put(FIT_TIME_FILE, fitTimeChart(series, fitTimeScale));
    charts.put(TEST_ERROR_FILE, testErrorChart(series));
    if (!withTestPoints(series).isEmpty()) {
      charts.put(LEARNING_CURVES_FILE, learningCurvesChart(series));
      charts.put(TEST_ACCURACY_FILE, testAccuracyChart(series));
    }
    if (!withRelativeDistance(series).isEmpty()) {
      charts.put(MINIMUM_NORM_FILE, minimumNormChart(series));
    }
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, JFreeChart> chart : charts.entrySet()) {
      Path png = directory.resolve(chart.getKey() + ".png");
      ChartUtils.saveChartAsPNG(png.toFile(), chart.getValue(), width, height);
      Path svg = directory.resolve(chart.getKey() + ".svg");
      SVGGraphics2D graphics = new SVGGraphics2D(width, height);
      chart.getValue().draw(graphics, new Rectangle(0, 0, width, height));
      SVGUtils.writeToSVG(svg.toFile(), graphics.getSVGElement());
      files.add(png);
      files.add(svg);
    }
    return files;
  }

  /** (a): a line per run; colour by corruption, dash by series (model). */
  static JFreeChart lossChart(FigureSeries series) {
    List<LossCurve> curves = series.getLossCurvesList();
    List<String> seriesNames = distinct(curves.stream().map(c -> c.getRun().getSeries()));
    List<String> corruptions = distinct(curves.stream().map(c -> curveName(c.getRun())));
    boolean severalSeries = seriesNames.size() > 1;
    XYSeriesCollection lines = new XYSeriesCollection();
    List<Style> styles = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (LossCurve curve : curves) {
      String name = curveName(curve.getRun());
      if (severalSeries) {
        name = curve.getRun().getSeries() + ": " + name;
      }
      if (!names.add(name)) {
        name = name + " (run " + curve.getRunId() + ")";
        names.add(name);
      }
      XYSeries line = new XYSeries(name, true, true);
      for (LossPoint point : curve.getPointsList()) {
        line.add(point.getStep() / 1000.0, point.getTrainLoss());
      }
      lines.addSeries(line);
      styles.add(
          new Style(
              color(corruptions.indexOf(curveName(curve.getRun()))),
              seriesNames.indexOf(curve.getRun().getSeries()),
              null));
    }
    JFreeChart chart = chart("(a) Training loss", "thousand steps", "average loss", lines, styles);
    subtitle(chart, curves.stream().map(LossCurve::getRun).toList());
    return chart;
  }

  /**
   * (b): per series, the label-corruption level against time to fit 99 % training accuracy. A run
   * that never reached it is a hollow triangle at the steps it trained: it needed more.
   */
  static JFreeChart fitTimeChart(FigureSeries series, FitTimeScale scale) {
    Map<String, XYSeries> reached = new LinkedHashMap<>();
    Map<String, XYSeries> censored = new LinkedHashMap<>();
    List<String> notShown = new ArrayList<>();
    for (FitTimePoint point : series.getFitTimesList()) {
      OptionalDouble level = labelCorruptionLevel(point.getRun());
      if (level.isEmpty()) {
        continue; // Figure 1b is about label noise; pixel corruptions have no level.
      }
      boolean fitted = point.getStepsTo99TrainAccuracy() > 0;
      long steps = fitted ? point.getStepsTo99TrainAccuracy() : point.getTotalSteps();
      OptionalDouble y =
          switch (scale) {
            case STEPS -> OptionalDouble.of(steps / 1000.0);
            case RELATIVE ->
                point.hasRelativeTimeTo99()
                    ? OptionalDouble.of(point.getRelativeTimeTo99())
                    : OptionalDouble.empty();
          };
      String name = point.getRun().getSeries();
      if (y.isEmpty()) {
        notShown.add("run " + point.getRunId() + " (" + name + ": no fitted p = 0 run to compare)");
        continue;
      }
      Map<String, XYSeries> target = fitted ? reached : censored;
      String key = fitted ? name : name + " (never reached 99 %)";
      target
          .computeIfAbsent(name, n -> new XYSeries(key, true, true))
          .add(level.getAsDouble(), y.getAsDouble());
    }
    List<String> seriesNames =
        distinct(Stream.concat(reached.keySet().stream(), censored.keySet().stream()));
    XYSeriesCollection lines = new XYSeriesCollection();
    List<Style> styles = new ArrayList<>();
    for (String name : seriesNames) {
      Color color = color(seriesNames.indexOf(name));
      if (reached.containsKey(name)) {
        lines.addSeries(reached.get(name));
        styles.add(new Style(color, 0, REACHED));
      }
      if (censored.containsKey(name)) {
        lines.addSeries(censored.get(name));
        styles.add(new Style(color, -1, CENSORED));
      }
    }
    String yLabel =
        switch (scale) {
          case RELATIVE -> "time to fit 99 % (relative to p = 0)";
          case STEPS -> "time to fit 99 % (thousand steps)";
        };
    JFreeChart chart = chart("(b) Convergence slowdown", "label corruption", yLabel, lines, styles);
    subtitle(chart, series.getFitTimesList().stream().map(FitTimePoint::getRun).toList());
    footnote(chart, "Not shown: ", notShown);
    return chart;
  }

  /** (c): per series, test error of the runs that fitted their training data; others listed. */
  static JFreeChart testErrorChart(FigureSeries series) {
    Map<String, XYSeries> errors = new LinkedHashMap<>();
    List<String> notShown = new ArrayList<>();
    for (TestErrorPoint point : series.getTestErrorsList()) {
      OptionalDouble level = labelCorruptionLevel(point.getRun());
      if (level.isEmpty()) {
        continue;
      }
      if (!point.getInterpolated()) {
        notShown.add(
            String.format(
                Locale.ROOT,
                "run %d %s %s (train %s %%)",
                point.getRunId(),
                point.getRun().getSeries(),
                curveName(point.getRun()),
                Display.percent(point.getTrainAccuracy())));
        continue;
      }
      String name = point.getRun().getSeries();
      errors
          .computeIfAbsent(name, n -> new XYSeries(n, true, true))
          .add(level.getAsDouble(), point.getTestError());
    }
    XYSeriesCollection lines = new XYSeriesCollection();
    List<Style> styles = new ArrayList<>();
    int i = 0;
    for (XYSeries line : errors.values()) {
      lines.addSeries(line);
      styles.add(new Style(color(i++), 0, REACHED));
    }
    JFreeChart chart =
        chart("(c) Generalization error growth", "label corruption", "test error", lines, styles);
    chart.getXYPlot().getRangeAxis().setRange(0, 1);
    subtitle(chart, series.getTestErrorsList().stream().map(TestErrorPoint::getRun).toList());
    double threshold = series.getInterpolationThreshold();
    footnote(
        chart,
        "Not fitted (clean train accuracy < "
            + Display.percent(threshold == 0 ? 0.99 : threshold)
            + " %), not shown: ",
        notShown);
    return chart;
  }

  /** Per run: running train accuracy (solid) and clean test accuracy (dashed), same colour. */
  static JFreeChart learningCurvesChart(FigureSeries series) {
    XYSeriesCollection lines = new XYSeriesCollection();
    List<Style> styles = new ArrayList<>();
    List<LossCurve> curves = withTestPoints(series);
    for (int i = 0; i < curves.size(); i++) {
      LossCurve curve = curves.get(i);
      XYSeries train = new XYSeries(runName(curve, curves) + " train", true, true);
      curve.getPointsList().forEach(p -> train.add(p.getStep() / 1000.0, p.getTrainAccuracy()));
      lines.addSeries(train);
      styles.add(new Style(color(i), 0, null));
      lines.addSeries(testLine(curve, runName(curve, curves) + " test"));
      styles.add(new Style(color(i), 1, null));
    }
    JFreeChart chart =
        chart(
            "Learning curves: train (solid) and test (dashed) accuracy",
            "thousand steps",
            "accuracy",
            lines,
            styles);
    chart.getXYPlot().getRangeAxis().setRange(0, 1);
    subtitle(chart, curves.stream().map(LossCurve::getRun).toList());
    return chart;
  }

  /**
   * Clean test accuracy over steps, a line per run that measured it: with Inception with and
   * without BatchNorm, the paper's implicit-regularization figure.
   */
  static JFreeChart testAccuracyChart(FigureSeries series) {
    XYSeriesCollection lines = new XYSeriesCollection();
    List<Style> styles = new ArrayList<>();
    List<LossCurve> curves = withTestPoints(series);
    for (int i = 0; i < curves.size(); i++) {
      lines.addSeries(testLine(curves.get(i), runName(curves.get(i), curves)));
      styles.add(new Style(color(i), 0, REACHED));
    }
    JFreeChart chart =
        chart("Test accuracy during training", "thousand steps", "test accuracy", lines, styles);
    subtitle(chart, curves.stream().map(LossCurve::getRun).toList());
    return chart;
  }

  /**
   * Section 5 (Eq. 3): per linear run, ‖W_SGD − W_min‖ / ‖W_min‖ (solid) and the training loss
   * (dashed) over steps, on a log scale: SGD from zero approaches the minimum-norm interpolant.
   */
  static JFreeChart minimumNormChart(FigureSeries series) {
    XYSeriesCollection lines = new XYSeriesCollection();
    List<Style> styles = new ArrayList<>();
    List<LossCurve> curves = withRelativeDistance(series);
    for (int i = 0; i < curves.size(); i++) {
      LossCurve curve = curves.get(i);
      XYSeries distance = new XYSeries(runName(curve, curves) + " distance to W_min", true, true);
      XYSeries loss = new XYSeries(runName(curve, curves) + " training loss", true, true);
      for (LossPoint point : curve.getPointsList()) {
        // A log axis takes positive values only; an exact 0 is off the chart.
        if (point.hasRelativeDistance() && point.getRelativeDistance() > 0) {
          distance.add(point.getStep() / 1000.0, point.getRelativeDistance());
        }
        if (point.getTrainLoss() > 0) {
          loss.add(point.getStep() / 1000.0, point.getTrainLoss());
        }
      }
      lines.addSeries(distance);
      styles.add(new Style(color(i), 0, null));
      lines.addSeries(loss);
      styles.add(new Style(color(i), 1, null));
    }
    JFreeChart chart =
        chart(
            "SGD from zero vs the minimum-norm interpolant: distance (solid), loss (dashed)",
            "thousand steps",
            "‖W_SGD − W_min‖ / ‖W_min‖, training loss",
            lines,
            styles);
    LogAxis logAxis = new LogAxis("‖W_SGD − W_min‖ / ‖W_min‖, training loss");
    logAxis.setSmallestValue(1e-12);
    chart.getXYPlot().setRangeAxis(logAxis);
    subtitle(chart, curves.stream().map(LossCurve::getRun).toList());
    return chart;
  }

  private static List<LossCurve> withRelativeDistance(FigureSeries series) {
    return series.getLossCurvesList().stream()
        .filter(c -> c.getPointsList().stream().anyMatch(LossPoint::hasRelativeDistance))
        .toList();
  }

  private static List<LossCurve> withTestPoints(FigureSeries series) {
    return series.getLossCurvesList().stream().filter(FigureCharts::hasTestPoints).toList();
  }

  /** The epochs of {@code curve} that measured test accuracy, at thousands of steps. */
  private static XYSeries testLine(LossCurve curve, String name) {
    XYSeries test = new XYSeries(name, true, true);
    for (LossPoint point : curve.getPointsList()) {
      if (point.hasTestAccuracy()) {
        test.add(point.getStep() / 1000.0, point.getTestAccuracy());
      }
    }
    return test;
  }

  /** The x of Figure 1b/c: 0 for true labels, p for partial, 1 for random; none for pixels. */
  static OptionalDouble labelCorruptionLevel(RunFacts run) {
    return switch (run.getCorruption()) {
      case CORRUPTION_KIND_TRUE_LABELS -> OptionalDouble.of(0);
      case CORRUPTION_KIND_PARTIAL_LABELS -> OptionalDouble.of(run.getCorruptionProbability());
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
  static String curveName(RunFacts run) {
    CorruptionKind kind = run.getCorruption();
    return switch (kind) {
      case CORRUPTION_KIND_TRUE_LABELS -> "true labels";
      case CORRUPTION_KIND_PARTIAL_LABELS ->
          "partial labels (p=" + Display.decimal(run.getCorruptionProbability()) + ")";
      case CORRUPTION_KIND_RANDOM_LABELS -> "random labels";
      case CORRUPTION_KIND_SHUFFLED_PIXELS -> "shuffled pixels";
      case CORRUPTION_KIND_RANDOM_PIXELS -> "random pixels";
      case CORRUPTION_KIND_GAUSSIAN -> "gaussian";
      case CORRUPTION_KIND_UNSPECIFIED, UNRECOGNIZED -> "unknown corruption";
    };
  }

  /** "MLP 1x512: random labels (run 2)"; without the series when all curves share one. */
  private static String runName(LossCurve curve, List<LossCurve> all) {
    String name = curveName(curve.getRun()) + " (run " + curve.getRunId() + ")";
    boolean severalSeries = all.stream().map(c -> c.getRun().getSeries()).distinct().count() > 1;
    return severalSeries ? curve.getRun().getSeries() + ": " + name : name;
  }

  private static boolean hasTestPoints(LossCurve curve) {
    return curve.getPointsList().stream().anyMatch(LossPoint::hasTestAccuracy);
  }

  /**
   * The models, data set and subset the chart shows, e.g. "MLP 1x512, MLP 3x512 · cifar10, first
   * 10,000 training images".
   */
  private static void subtitle(JFreeChart chart, List<RunFacts> runs) {
    if (runs.isEmpty()) {
      return;
    }
    String models = String.join(", ", distinct(runs.stream().map(RunFacts::getSeries)));
    String datasets =
        String.join(
            ", ",
            distinct(
                runs.stream().map(r -> r.getDataset().isEmpty() ? "cifar10" : r.getDataset())));
    String subsets =
        String.join(
            ", ",
            distinct(
                runs.stream()
                    .map(
                        r ->
                            r.getTrainSubset() == 0
                                ? "all training images"
                                : String.format(
                                    Locale.ROOT,
                                    "first %,d training images",
                                    r.getTrainSubset()))));
    String text = models + " · " + datasets + ", " + subsets;
    if (runs.stream().allMatch(RunFacts::getCorruptTestLabels)) {
      text += ", test labels corrupted too";
    }
    chart.addSubtitle(new TextTitle(text, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
  }

  private static void footnote(JFreeChart chart, String lead, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    TextTitle note =
        new TextTitle(lead + String.join("; ", items), new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    note.setPosition(RectangleEdge.BOTTOM);
    chart.addSubtitle(note);
  }

  /** How one data series is drawn; {@code dash} −1 = no line (points only). */
  private record Style(Color color, int dash, Shape shape) {}

  private static JFreeChart chart(
      String title, String xLabel, String yLabel, XYSeriesCollection lines, List<Style> styles) {
    NumberAxis xAxis = new NumberAxis(xLabel);
    xAxis.setAutoRangeIncludesZero(true);
    NumberAxis yAxis = new NumberAxis(yLabel);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < styles.size(); i++) {
      Style style = styles.get(i);
      renderer.setSeriesPaint(i, style.color());
      if (style.dash() < 0) {
        renderer.setSeriesLinesVisible(i, false);
      } else {
        renderer.setSeriesStroke(
            i,
            new BasicStroke(
                2f,
                BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND,
                10f,
                DASHES.get(style.dash() % DASHES.size()),
                0f));
      }
      if (style.shape() != null) {
        renderer.setSeriesShapesVisible(i, true);
        renderer.setSeriesShape(i, style.shape());
        renderer.setSeriesShapesFilled(i, style.shape() != CENSORED);
      }
    }
    XYPlot plot = new XYPlot(lines, xAxis, yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static Color color(int index) {
    return PALETTE.get(Math.floorMod(index, PALETTE.size()));
  }

  private static List<String> distinct(Stream<String> values) {
    return values.distinct().toList();
  }

  private static Shape triangle() {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(0, -5);
    path.lineTo(5, 4);
    path.lineTo(-5, 4);
    path.closePath();
    return path;
  }
}
