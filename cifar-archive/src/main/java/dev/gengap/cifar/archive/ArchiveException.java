package dev.gengap.cifar.archive;

/** The archive could not be downloaded or unpacked; the message names the URL and the fault. */
public final class ArchiveException extends RuntimeException {
  private final boolean unreachable;

  ArchiveException(String message, boolean unreachable) {
    super(message);
    this.unreachable = unreachable;
  }

  ArchiveException(String message, boolean unreachable, Throwable cause) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  /** No connection to the server at all (offline, no DNS, a firewall): the user must fetch it. */
  public boolean unreachable() {
    return unreachable;
  }
}
