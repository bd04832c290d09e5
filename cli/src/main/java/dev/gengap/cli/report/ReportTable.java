package dev.gengap.cli.report;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
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
          "accuracy_gap",
          "dropout",
          "best_test_accuracy",
          "best_test_epoch",
          "final_test_accuracy",
          "early_stopping_gain");

  /** Shown in Markdown only when some run measured test accuracy during training. */
  private static final List<String> EARLY_STOPPING_HEADER =
      List.of("Best test (%) @ epoch", "Early-stopping gain (pp)");

  private ReportTable() {}

  public static String render(Table table, ReportFormat format) {
    return switch (format) {
      case MARKDOWN -> markdown(table);
      case CSV -> csv(table);
      case JSON -> json(table);
    };
  }

  /** The Table message in protobuf's canonical JSON: every field, for programs. */
  static String json(Table table) {
    try {
      return JsonFormat.printer().print(table) + "\n";
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Table always prints as JSON", e);
    }
  }

  static String markdown(Table table) {
    boolean earlyStopping = table.getRowsList().stream().anyMatch(TableRow::getHasTestCurve);
    List<String> header = new ArrayList<>(MARKDOWN_HEADER);
    if (earlyStopping) {
      header.addAll(EARLY_STOPPING_HEADER);
    }
    StringBuilder text = new StringBuilder();
    appendMarkdownRow(text, header);
    text.append('|');
    for (int i = 0; i < header.size(); i++) {
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
      if (earlyStopping) {
        cells.addAll(earlyStoppingCells(row));
      }
      appendMarkdownRow(text, cells);
    }
    return text.toString();
  }

  /** "52.00 @ 2" and "7.00": the best measured test accuracy and what stopping there gains. */
  static List<String> earlyStoppingCells(TableRow row) {
    if (!row.getHasTestCurve()) {
      return List.of("-", "-");
    }
    return List.of(
        Display.percent(row.getBestTestAccuracy()) + " @ " + row.getBestTestEpoch(),
        Display.percent(row.getEarlyStoppingGain()));
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
    List<List<String>> rows = new ArrayList<>();
    for (TableRow row : table.getRowsList()) {
      List<String> cells =
          new ArrayList<>(
              List.of(
                  Long.toString(row.getRunId()),
                  row.getDisplayName(),
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
      cells.add(Display.decimal(row.getDropout()));
      if (row.getHasTestCurve()) {
        cells.add(fraction(row.getBestTestAccuracy()));
        cells.add(Integer.toString(row.getBestTestEpoch()));
        cells.add(fraction(row.getFinalTestAccuracy()));
        cells.add(fraction(row.getEarlyStoppingGain()));
      } else {
        cells.addAll(List.of("", "", "", ""));
      }
      rows.add(cells);
    }
    return CsvText.of(CSV_HEADER, rows);
  }

  static String fraction(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
