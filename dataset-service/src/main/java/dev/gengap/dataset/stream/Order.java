package dev.gengap.dataset.stream;

/** The order of examples in an epoch. */
public enum Order {
  INDEX,
  /** A permutation drawn from (seed, epoch). */
  SHUFFLED
}
