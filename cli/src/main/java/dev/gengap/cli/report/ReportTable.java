package dev.gengap.cli.report;

import dev.gengap.cli.Display;
import dev.gengap.cli.spec.ProtoEnumNames;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.Table;
import dev.gengap.proto.v1.TableRow;
import dev.gengap.spec.ModelRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Table 1 of the paper, one row per run, as Markdown (for reading) or CSV (for analysis). */
public final class ReportTable {
  private static final List<String> MARKDOWN_HEADER =
      List.of(
          "Run",
          "Name",
          "Model",
          "Corruption",
          "p",
          "Subset",
          "Weight decay",
          "Random crop",
          "Status",
          "Epochs",
          "Train acc. (%)",
          "Test acc. (%)",
          "Gap (pp)");

  private static final List<String> CSV_HEADER =
      List.of(
          "run_id",
          "display_name",
          "model",
          "batch_norm",
          "corruption",
          "corruption_probability",
          "train_subset",
          "weight_decay",
          "random_crop",
          "status",
          "epochs",
          "train_accuracy",
          "test_accuracy",
          "accuracy_gap");

  private ReportTable() {}

  public static String render(Table table, ReportFormat format) {
    return switch (format) {
      case MARKDOWN -> markdown(table);
      case CSV -> csv(table);
    };
  }

  static String markdown(Table table) {
    StringBuilder text = new StringBuilder();
    appendMarkdownRow(text, MARKDOWN_HEADER);
    text.append('|');
    for (int i = 0; i < MARKDOWN_HEADER.size(); i++) {
      text.append(i < 4 || i == 8 ? "---|" : "--:|");
    }
    text.append('\n');
    for (TableRow row : table.getRowsList()) {
      List<String> cells = new ArrayList<>();
      cells.add(Long.toString(row.getRunId()));
      cells.add(row.getDisplayName().replace("|", "\\|"));
      cells.add(model(row));
      cells.add(ProtoEnumNames.shortName(row.getCorruption()));
      cells.add(
          row.getCorruption() == CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS
                  || row.getCorruption() == CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS
              ? Display.decimal(row.getCorruptionProbability())
              : "");
      cells.add(row.getTrainSubset() == 0 ? "all" : Integer.toString(row.getTrainSubset()));
      cells.add(row.getWeightDecay() ? "yes" : "no");
      cells.add(row.getRandomCrop() ? "yes" : "no");
      cells.add(ProtoEnumNames.shortName(row.getStatus()));
      cells.add(Integer.toString(row.getEpochs()));
      if (row.getHasEvaluation()) {
        cells.add(Display.percent(row.getTrainAccuracy()));
        cells.add(Display.percent(row.getTestAccuracy()));
        cells.add(Display.percent(row.getAccuracyGap()));
      } else {
        cells.addAll(List.of("-", "-", "-"));
      }
      appendMarkdownRow(text, cells);
    }
    return text.toString();
  }

  private static void appendMarkdownRow(StringBuilder text, List<String> cells) {
    text.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** A model with BatchNorm carries its BatchNorm choice, as Table 1's rows do. */
  private static String model(TableRow row) {
    try {
      return ModelRules.of(row.getModel()).tableName(row.getBatchNorm());
    } catch (IllegalArgumentException unknownToThisClient) {
      return ProtoEnumNames.shortName(row.getModel());
    }
  }

  static String csv(Table table) {
    StringBuilder text = new StringBuilder(String.join(",", CSV_HEADER)).append('\n');
    for (TableRow row : table.getRowsList()) {
      List<String> cells =
          new ArrayList<>(
              List.of(
                  Long.toString(row.getRunId()),
                  csvField(row.getDisplayName()),
                  ProtoEnumNames.shortName(row.getModel()),
                  Boolean.toString(row.getBatchNorm()),
                  ProtoEnumNames.shortName(row.getCorruption()),
                  Display.decimal(row.getCorruptionProbability()),
                  Integer.toString(row.getTrainSubset()),
                  Boolean.toString(row.getWeightDecay()),
                  Boolean.toString(row.getRandomCrop()),
                  ProtoEnumNames.shortName(row.getStatus()),
                  Integer.toString(row.getEpochs())));
      if (row.getHasEvaluation()) {
        cells.add(fraction(row.getTrainAccuracy()));
        cells.add(fraction(row.getTestAccuracy()));
        cells.add(fraction(row.getAccuracyGap()));
      } else {
        cells.addAll(List.of("", "", ""));
      }
      text.append(String.join(",", cells)).append('\n');
    }
    return text.toString();
  }

  private static String fraction(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }

  /** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
  private static String csvField(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
