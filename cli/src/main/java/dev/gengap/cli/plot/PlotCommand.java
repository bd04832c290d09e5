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

/** {@code gengap plot}: Figure 1 a, b and c as PNG files. */
@Command(
    name = "plot",
    description = {
      "Draw Figure 1 a, b and c for a sweep and/or runs as PNG files.",
      "(a) training loss vs steps, (b) steps to fit vs label corruption,",
      "(c) test error vs label corruption."
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
    FigureSeries series;
    try (Connections connections = connection.connect()) {
      series = connections.evaluator(connection.deadline()).getFigureSeries(scope.request());
    }
    List<Path> files;
    try {
      files = new FigureCharts(width, height).write(series, outDir);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, outDir + ": cannot write charts: " + e.getMessage());
    }
    files.forEach(file -> spec.commandLine().getOut().println("wrote " + file));
    return ExitCode.OK;
  }
}
