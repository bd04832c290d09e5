package dev.gengap.dataset.cifar;

/** The data directory or a download is unusable; the message names the file and the fault. */
public class CifarDataException extends RuntimeException {
  public CifarDataException(String message) {
    super(message);
  }

  public CifarDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
