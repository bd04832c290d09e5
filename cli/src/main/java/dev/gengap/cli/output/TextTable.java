package dev.gengap.cli.output;

import java.util.List;

/** Rows as plain text with aligned columns; the last column is not padded. */
public final class TextTable {
  private TextTable() {}

  /** {@code rows} (the header first), every row as wide as the first. */
  public static String render(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(
            i == row.size() - 1 ? cell : cell + " ".repeat(widths[i] - cell.length()) + "  ");
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
