package dev.gengap.dataset.corruption;

/** Whether a label corruption also applies to the test split. */
public enum TestLabels {
  /** The default: test labels stay true. */
  TRUE,
  CORRUPTED
}
