package dev.gengap.dataset.source;

/** A data directory or a download is unusable; the message names the file and the fault. */
public class DataFileException extends RuntimeException {
  public DataFileException(String message) {
    super(message);
  }

  public DataFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
