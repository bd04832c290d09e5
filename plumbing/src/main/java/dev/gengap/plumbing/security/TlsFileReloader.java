package dev.gengap.plumbing.security;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads TLS files into grpc-java's key and trust managers, and loads them again when one of them
 * changes, checked every period. Not grpc-java's own periodic reload: that one raises any period
 * under a minute to a minute without a word, and logs neither a reload nor a failed one.
 *
 * <p>A reload that fails (a file missing or half-written) keeps the credentials in use and is tried
 * again when the files change again. A certificate renewed without its key, or the reverse, is
 * served as soon as either file changes: Kubernetes swaps a Secret's files together.
 */
final class TlsFileReloader implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(TlsFileReloader.class);

  /** Reads the files into a key or trust manager. */
  @FunctionalInterface
  interface Load {
    void load() throws IOException, GeneralSecurityException;
  }

  private static final class Watched {
    final String what;
    final List<Path> files;
    final Load load;
    List<FileTime> loaded;

    Watched(String what, List<Path> files, Load load, List<FileTime> loaded) {
      this.what = what;
      this.files = files;
      this.load = load;
      this.loaded = loaded;
    }
  }

  private final String service;
  private final Duration period;
  private final List<Watched> watched = new ArrayList<>();
  private ScheduledExecutorService executor;

  TlsFileReloader(String service, Duration period) {
    this.service = service;
    this.period = period;
  }

  /** Loads {@code files} now (a failure is the caller's), and again whenever they change. */
  void watch(String what, List<Path> files, Load load)
      throws IOException, GeneralSecurityException {
    List<FileTime> times = modified(files);
    load.load();
    watched.add(new Watched(what, files, load, times));
  }

  /** Starts checking the files every period. */
  void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tls-reload");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::reloadChanged, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void reloadChanged() {
    for (Watched source : watched) {
      List<FileTime> times = modified(source.files);
      if (times.equals(source.loaded)) {
        continue;
      }
      // Recorded before the attempt: a broken file is tried again once it changes again.
      source.loaded = times;
      try {
        source.load.load();
        log.info(
            "event=tls_reloaded service={} what={} files={}", service, source.what, source.files);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        log.warn(
            "event=tls_reload_failed service={} what={} files={} error=\"{}\" kept=previous",
            service,
            source.what,
            source.files,
            e.toString());
      }
    }
  }

  /** Each file's modification time; null for one that cannot be read. */
  private static List<FileTime> modified(List<Path> files) {
    List<FileTime> times = new ArrayList<>();
    for (Path file : files) {
      try {
        times.add(Files.getLastModifiedTime(file));
      } catch (IOException e) {
        times.add(null);
      }
    }
    return times;
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
