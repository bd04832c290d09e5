package dev.gengap.learning.model;

/** Whether the convolution modules of a model normalize their output with BatchNorm. */
public enum Normalization {
  BATCH_NORM,
  NONE
}
