package dev.gengap.cli.report;

/** How {@code gengap report} writes the table. */
public enum ReportFormat {
  MARKDOWN,
  CSV,
  JSON
}
