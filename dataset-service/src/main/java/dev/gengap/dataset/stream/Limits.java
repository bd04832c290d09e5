package dev.gengap.dataset.stream;

/** Request bounds shared by the epoch and example requests. */
final class Limits {
  /** At most this many examples per batch or examples request. */
  static final int MAX_BATCH = 4096;

  private Limits() {}
}
