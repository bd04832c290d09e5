package dev.gengap.proto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the gengap build this jar comes from, shared by the services (which send it in the
 * {@value #VERSION_HEADER} response header) and the CLI ({@code gengap --version}).
 */
public final class BuildInfo {
  /** gRPC response header with the server's gengap version. */
  public static final String VERSION_HEADER = "gengap-version";

  private static final String VERSION = load();

  private BuildInfo() {}

  public static String version() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("build.properties unreadable", e);
    }
  }
}
