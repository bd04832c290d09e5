package dev.gengap.cli.plot;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.report.ReportScope;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.proto.v1.FigureSeries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gengap plot}: Figure 1 a, b and c (and learning curves) as PNG and SVG files. */
@Command(
    name = "plot",
    description = {
      "Draw Figure 1 a, b and c for a sweep and/or runs as PNG and SVG files.",
      "One curve per model: (a) training loss vs steps, (b) time to fit vs label corruption",
      "(runs that never fitted drawn as censored), (c) test error vs label corruption for the",
      "runs that fitted.",
      "Runs that measured test accuracy during training also get learning curves."
    })
public final class PlotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin ReportScope scope;

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      defaultValue = "plots",
      description = "Where the PNG files go (default ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(
      names = "--fit-time",
      defaultValue = "relative",
      description =
          "Figure 1b's y axis: relative (to the same model's p = 0 run, as the paper) or steps"
              + " (default ${DEFAULT-VALUE}).")
  FigureCharts.FitTimeScale fitTime;

  @Option(
      names = "--interpolation-threshold",
      paramLabel = "ACC",
      defaultValue = "0.99",
      description =
          "Figure 1c shows runs whose clean final training accuracy is at least this"
              + " (default ${DEFAULT-VALUE}).")
  double interpolationThreshold;

  @Option(
      names = "--width",
      defaultValue = "800",
      description = "Pixels (default ${DEFAULT-VALUE}).")
  int width;

  @Option(
      names = "--height",
      defaultValue = "600",
      description = "Pixels (default ${DEFAULT-VALUE}).")
  int height;

  @Override
  public Integer call() {
    if (width < 100 || height < 100) {
      throw new CliException(
          ExitCode.USAGE, "--width/--height: at least 100 pixels, was " + width + "x" + height);
    }
    if (!(interpolationThreshold > 0 && interpolationThreshold <= 1)) {
      throw new CliException(
          ExitCode.USAGE,
          "--interpolation-threshold: must be in (0, 1], was " + interpolationThreshold);
    }
    FigureSeries series;
    try (Connections connections = connection.connect()) {
      series =
          connections
              .evaluator(connection.deadline())
              .getFigureSeries(
                  scope.request().toBuilder()
                      .setInterpolationThreshold(interpolationThreshold)
                      .build());
    }
    List<Path> files;
    try {
      files = new FigureCharts(width, height, fitTime).write(series, outDir);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, outDir + ": cannot write charts: " + e.getMessage());
    }
    files.forEach(file -> spec.commandLine().getOut().println("wrote " + file));
    return ExitCode.OK;
  }
}
