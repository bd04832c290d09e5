package dev.gengap.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Option;

/** The results store's connection flags, as a picocli {@code @Mixin} for the services using it. */
public final class DatabaseOptions {
  @Option(
      names = "--jdbc-url",
      defaultValue = "${env:GENGAP_JDBC_URL:-jdbc:postgresql://localhost:5432/gengap}",
      description = "Results store. Env GENGAP_JDBC_URL. Default: ${DEFAULT-VALUE}")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:GENGAP_DB_USER:-gengap}",
      description = "Env GENGAP_DB_USER. Default: ${DEFAULT-VALUE}")
  String dbUser;

  @Option(
      names = "--db-password",
      defaultValue = "${env:GENGAP_DB_PASSWORD:-}",
      description = "Env GENGAP_DB_PASSWORD. Default: empty")
  String dbPassword;

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * Opens a pool on the store, with its hikaricp_* meters in {@code registry}; the caller closes
   * it.
   */
  public HikariDataSource openPool(int maximumPoolSize, MeterRegistry registry) {
    HikariDataSource pool = Database.pool(jdbcUrl, dbUser, dbPassword, maximumPoolSize);
    pool.setMetricRegistry(registry);
    return pool;
  }
}
