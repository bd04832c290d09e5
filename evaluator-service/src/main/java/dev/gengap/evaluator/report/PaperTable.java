package dev.gengap.evaluator.report;

/** A table of the paper whose published numbers a report can set beside gengap's. */
public enum PaperTable {
  /** Table 1: CIFAR-10, each model × random crop × weight decay on true labels; random labels. */
  TABLE_1,
  /** Table 3: Gaussian-kernel interpolation, test error on raw pixels (Section 5). */
  TABLE_3,
  /** Appendix E, Table 4: fitting random labels with weight decay or data augmentation. */
  TABLE_4
}
