package dev.gengap.cli.local;

import java.nio.file.Path;
import java.util.Map;

/** The per-user cache directory of gengap, after the XDG base directory specification. */
final class UserCache {
  private UserCache() {}

  /**
   * {@code $XDG_CACHE_HOME/gengap} when that variable holds an absolute path (the specification
   * says to ignore a relative one), else {@code ~/.cache/gengap}.
   */
  static Path directory(Map<String, String> environment) {
    String xdg = environment.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "gengap");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "gengap");
  }
}
