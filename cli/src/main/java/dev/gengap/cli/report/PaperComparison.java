package dev.gengap.cli.report;

import dev.gengap.cli.Display;
import dev.gengap.proto.v1.PaperFigures;
import dev.gengap.proto.v1.Table;
import dev.gengap.proto.v1.TableRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One of the paper's tables with gengap's numbers beside the paper's: the paper's rows in its
 * order, each with the runs that reproduce it (or "not run"), then the runs the table has no row
 * for. Differences are gengap − paper, in percentage points.
 */
final class PaperComparison {

  /** A value as each format writes it: Markdown for reading, CSV text, a JSON literal. */
  private record Cell(String markdown, String csv, String json) {
    static Cell text(String value) {
      return new Cell(value.replace("|", "\\|"), value, quote(value));
    }

    static Cell integer(long value) {
      String text = Long.toString(value);
      return new Cell(text, text, text);
    }

    /** A 0..1 fraction: percent in Markdown, the fraction in CSV and JSON. */
    static Cell fraction(double value) {
      String exact = ReportTable.fraction(value);
      return new Cell(Display.percent(value), exact, exact);
    }

    /** A measured value, four significant digits, e.g. {@code 0.002650} or {@code 281.3}. */
    static Cell number(double value) {
      String text = String.format(Locale.ROOT, "%.4g", value);
      return new Cell(text, text, Double.toString(value));
    }

    static Cell none() {
      return new Cell("-", "", "null");
    }
  }

  /** A column; {@code text} columns are left-aligned in Markdown, numbers right-aligned. */
  private record Column(String title, String key, boolean text) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("Paper row", "paper_row", true),
          new Column("Run", "run_id", false),
          new Column("Name", "display_name", true),
          new Column("Subset", "train_subset", false),
          new Column("Epochs", "epochs", false),
          new Column("Train (%)", "train_accuracy", false),
          new Column("Paper train (%)", "paper_train_accuracy", false),
          new Column("Δ train (pp)", "train_difference", false),
          new Column("Test (%)", "test_accuracy", false),
          new Column("Paper test (%)", "paper_test_accuracy", false),
          new Column("Δ test (pp)", "test_difference", false),
          new Column("Paper note", "paper_note", true));

  /** Table 3's other figures, before the paper's note: the data, the kernel's width, its norm. */
  private static final List<Column> KERNEL_COLUMNS =
      List.of(
          new Column("Data set", "dataset", true),
          new Column("γ", "gamma", false),
          new Column("RKHS norm", "rkhs_norm", false));

  private PaperComparison() {}

  static String render(Table table, ReportLayout layout, ReportFormat format) {
    boolean kernel = layout == ReportLayout.TABLE3;
    List<Column> columns = new ArrayList<>(COLUMNS);
    if (kernel) {
      columns.addAll(columns.size() - 1, KERNEL_COLUMNS);
    }
    List<List<Cell>> rows = rows(table, kernel);
    return switch (format) {
      case MARKDOWN -> markdown(columns, rows);
      case CSV -> csv(columns, rows);
      case JSON -> json(columns, rows);
    };
  }

  private static List<List<Cell>> rows(Table table, boolean kernel) {
    List<List<Cell>> rows = new ArrayList<>();
    for (PaperFigures paper : table.getPaperRowsList()) {
      List<TableRow> runs =
          table.getRowsList().stream()
              .filter(r -> r.hasPaper() && r.getPaper().getSource().equals(paper.getSource()))
              .toList();
      if (runs.isEmpty()) {
        rows.add(notRun(paper, kernel));
      }
      runs.forEach(run -> rows.add(row(paper, run, kernel)));
    }
    table.getRowsList().stream()
        .filter(r -> !r.hasPaper())
        .forEach(run -> rows.add(row(PaperFigures.getDefaultInstance(), run, kernel)));
    return rows;
  }

  private static List<Cell> notRun(PaperFigures paper, boolean kernel) {
    List<Cell> cells = new ArrayList<>();
    cells.add(Cell.text(paper.getSource()));
    cells.add(Cell.none());
    cells.add(Cell.text("not run"));
    cells.add(Cell.none());
    cells.add(Cell.none());
    cells.add(Cell.none());
    cells.add(paper.getHasTrainAccuracy() ? Cell.fraction(paper.getTrainAccuracy()) : Cell.none());
    cells.add(Cell.none());
    cells.add(Cell.none());
    cells.add(paper.getHasTestAccuracy() ? Cell.fraction(paper.getTestAccuracy()) : Cell.none());
    cells.add(Cell.none());
    if (kernel) {
      cells.addAll(List.of(Cell.none(), Cell.none(), Cell.none()));
    }
    cells.add(paper.getNote().isEmpty() ? Cell.none() : Cell.text(paper.getNote()));
    return cells;
  }

  /** A run beside its paper row; {@code paper} is the default instance for a run without one. */
  private static List<Cell> row(PaperFigures paper, TableRow run, boolean kernel) {
    List<Cell> cells = new ArrayList<>();
    cells.add(run.hasPaper() ? Cell.text(paper.getSource()) : Cell.text("(no row in the paper)"));
    cells.add(Cell.integer(run.getRunId()));
    cells.add(Cell.text(run.getDisplayName()));
    cells.add(run.getTrainSubset() == 0 ? Cell.text("all") : Cell.integer(run.getTrainSubset()));
    cells.add(Cell.integer(run.getEpochs()));
    boolean evaluated = run.getHasEvaluation();
    cells.add(evaluated ? Cell.fraction(run.getTrainAccuracy()) : Cell.none());
    cells.add(paper.getHasTrainAccuracy() ? Cell.fraction(paper.getTrainAccuracy()) : Cell.none());
    cells.add(
        evaluated && paper.getHasTrainAccuracy()
            ? Cell.fraction(run.getTrainAccuracy() - paper.getTrainAccuracy())
            : Cell.none());
    cells.add(evaluated ? Cell.fraction(run.getTestAccuracy()) : Cell.none());
    cells.add(paper.getHasTestAccuracy() ? Cell.fraction(paper.getTestAccuracy()) : Cell.none());
    cells.add(
        evaluated && paper.getHasTestAccuracy()
            ? Cell.fraction(run.getTestAccuracy() - paper.getTestAccuracy())
            : Cell.none());
    if (kernel) {
      cells.add(Cell.text(run.getDataset()));
      cells.add(run.hasGamma() ? Cell.number(run.getGamma()) : Cell.none());
      cells.add(run.hasRkhsNorm() ? Cell.number(run.getRkhsNorm()) : Cell.none());
    }
    cells.add(paper.getNote().isEmpty() ? Cell.none() : Cell.text(paper.getNote()));
    return cells;
  }

  private static String markdown(List<Column> columns, List<List<Cell>> rows) {
    StringBuilder text = new StringBuilder("| ");
    text.append(String.join(" | ", columns.stream().map(Column::title).toList())).append(" |\n|");
    for (Column column : columns) {
      text.append(column.text() ? "---|" : "--:|");
    }
    text.append('\n');
    for (List<Cell> row : rows) {
      text.append("| ")
          .append(String.join(" | ", row.stream().map(Cell::markdown).toList()))
          .append(" |\n");
    }
    return text.toString();
  }

  private static String csv(List<Column> columns, List<List<Cell>> rows) {
    return CsvText.of(
        columns.stream().map(Column::key).toList(),
        rows.stream().map(row -> row.stream().map(Cell::csv).toList()).toList());
  }

  private static String json(List<Column> columns, List<List<Cell>> rows) {
    StringBuilder text = new StringBuilder("[");
    for (int r = 0; r < rows.size(); r++) {
      text.append(r == 0 ? "\n  {" : ",\n  {");
      for (int c = 0; c < columns.size(); c++) {
        text.append(c == 0 ? "" : ", ")
            .append(quote(columns.get(c).key()))
            .append(": ")
            .append(rows.get(r).get(c).json());
      }
      text.append('}');
    }
    return text.append(rows.isEmpty() ? "]\n" : "\n]\n").toString();
  }

  /** A JSON string literal (RFC 8259 escapes). */
  private static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
