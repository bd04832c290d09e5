package dev.gengap.cli.report;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.output.OutputOptions;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.proto.v1.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gengap report}: Table 1 for a sweep or runs, as Markdown, CSV or JSON. */
@Command(
    name = "report",
    description = {
      "Print Table 1 (train/test accuracy and the gap) for a sweep and/or runs.",
      "--layout table1|table3|table4 sets the paper's published numbers beside gengap's."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin ReportScope scope;
  @Mixin OutputOptions output;

  @Option(
      names = "--format",
      defaultValue = "markdown",
      description =
          "markdown, csv or json (default ${DEFAULT-VALUE}); --output json prints one JSON"
              + " object per row instead.")
  ReportFormat format;

  @Option(
      names = "--layout",
      defaultValue = "runs",
      description =
          "runs (one row per run), table1 (the paper's Table 1), table3 (its kernel Table 3) or"
              + " table4 (its Appendix E Table 4), with the paper's numbers and the difference"
              + " (default ${DEFAULT-VALUE}).")
  ReportLayout layout;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
  Path out;

  @Override
  public Integer call() {
    Table table;
    try (Connections connections = connection.connect()) {
      table =
          connections
              .evaluator(connection.deadline())
              .getTable(scope.request().toBuilder().setPaperTable(layout.paperTable()).build());
    }
    String text =
        output.json()
            ? table.getRowsList().stream()
                .map(row -> OutputOptions.json(row) + "\n")
                .collect(Collectors.joining())
            : layout == ReportLayout.RUNS
                ? ReportTable.render(table, format)
                : PaperComparison.render(table, layout, format);
    if (out == null) {
      spec.commandLine().getOut().print(text);
      return ExitCode.OK;
    }
    try {
      Files.writeString(out, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, out + ": cannot write: " + e.getMessage());
    }
    spec.commandLine().getOut().println("wrote " + table.getRowsCount() + " rows to " + out);
    return ExitCode.OK;
  }
}
