package dev.gengap.cli.report;

import dev.gengap.proto.v1.PaperTable;

/** What {@code gengap report} lays out: one row per run, or one of the paper's tables. */
public enum ReportLayout {
  /** One row per run (the default). */
  RUNS(PaperTable.PAPER_TABLE_UNSPECIFIED),
  /** The paper's Table 1, its numbers beside gengap's. */
  TABLE1(PaperTable.PAPER_TABLE_1),
  /** The paper's Table 3 (Gaussian-kernel interpolation, test error) beside gengap's kernels. */
  TABLE3(PaperTable.PAPER_TABLE_3),
  /** The paper's Appendix E Table 4 (random labels with regularizers) beside gengap's. */
  TABLE4(PaperTable.PAPER_TABLE_4);

  private final PaperTable paperTable;

  ReportLayout(PaperTable paperTable) {
    this.paperTable = paperTable;
  }

  PaperTable paperTable() {
    return paperTable;
  }
}
