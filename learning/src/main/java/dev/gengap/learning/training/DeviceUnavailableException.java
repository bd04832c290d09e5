package dev.gengap.learning.training;

/** The spec asked for a device the chosen engine does not have (DEVICE_GPU on a CPU machine). */
public final class DeviceUnavailableException extends RuntimeException {

  public DeviceUnavailableException(String message) {
    super(message);
  }
}
