package dev.gengap.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.gengap.plumbing.ServiceLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
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

  @Option(
      names = "--db-sslmode",
      defaultValue = "${env:GENGAP_DB_SSLMODE:-prefer}",
      description =
          "TLS to the store, PostgreSQL's sslmode: disable, prefer, require, verify-ca or"
              + " verify-full (the last two check the server certificate against --db-sslrootcert)."
              + " Env GENGAP_DB_SSLMODE. Default: ${DEFAULT-VALUE}",
      converter = SslModes.class)
  String sslMode;

  @Option(
      names = "--db-sslrootcert",
      paramLabel = "PEM",
      defaultValue = "${env:GENGAP_DB_SSLROOTCERT:-}",
      description =
          "CA certificate for verify-ca / verify-full. Env GENGAP_DB_SSLROOTCERT. Default: the"
              + " driver's (~/.postgresql/root.crt)")
  String sslRootCert;

  /** Accepts the sslmode values of the PostgreSQL JDBC driver, refusing others at parse time. */
  static final class SslModes implements CommandLine.ITypeConverter<String> {
    private static final Set<String> VALUES =
        Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    @Override
    public String convert(String value) {
      if (!VALUES.contains(value)) {
        throw new CommandLine.TypeConversionException(
            "must be one of disable, allow, prefer, require, verify-ca, verify-full, was " + value);
      }
      return value;
    }
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * Opens a pool on the store, with its hikaricp_* meters in {@code registry}; the caller closes
   * it.
   */
  public HikariDataSource openPool(int maximumPoolSize, MeterRegistry registry) {
    Properties driver = new Properties();
    driver.setProperty("sslmode", sslMode);
    if (!sslRootCert.isEmpty()) {
      driver.setProperty("sslrootcert", sslRootCert);
    }
    HikariDataSource pool = Database.pool(jdbcUrl, dbUser, dbPassword, maximumPoolSize, driver);
    pool.setMetricRegistry(registry);
    return pool;
  }

  /**
   * Runs a service's main body; a store it cannot reach at start ends it with one log line ({@code
   * event=store_unreachable}) and {@link ServiceLifecycle#EXIT_STARTUP_FAILED}, not a stack trace.
   */
  public int exitCodeOf(Callable<Integer> service) throws Exception {
    try {
      return service.call();
    } catch (HikariPool.PoolInitializationException e) {
      LoggerFactory.getLogger(DatabaseOptions.class)
          .error("event=store_unreachable jdbc_url={} error=\"{}\"", jdbcUrl, e.getMessage());
      return ServiceLifecycle.EXIT_STARTUP_FAILED;
    }
  }
}
