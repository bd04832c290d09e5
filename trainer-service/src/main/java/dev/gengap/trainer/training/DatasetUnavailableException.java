package dev.gengap.trainer.training;

/** The dataset-service stayed UNAVAILABLE through every retry. */
final class DatasetUnavailableException extends RuntimeException {
  DatasetUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
