package dev.gengap.cifar.archive;

/** Hears how far a download is; called on the downloading thread after every chunk. */
public interface DownloadProgress {
  /**
   * @param received bytes received so far
   * @param total the announced size, or -1 when the server did not say
   */
  void received(long received, long total);

  /** The whole body arrived (not yet verified). */
  default void finished(long received) {}

  /** Hears nothing. */
  DownloadProgress NONE = (received, total) -> {};
}
