package dev.gengap.dataset.stream;

/** The two CIFAR-10 splits. */
public enum Split {
  TRAIN,
  TEST
}
