package dev.gengap.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Entry points for a service's database: its connection pool and its schema. */
public final class Database {
  private Database() {}

  /**
   * Brings the schema up to date with {@code db/migration} (Flyway). Safe to call from every
   * replica at start: Flyway serializes concurrent migrations with a database lock.
   */
  public static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }

  /** A HikariCP pool; the caller closes it. */
  public static HikariDataSource pool(
      String jdbcUrl, String user, String password, int maximumPoolSize) {
    return pool(jdbcUrl, user, password, maximumPoolSize, new Properties());
  }

  /** A HikariCP pool passing {@code driverProperties} (e.g. sslmode) to the JDBC driver. */
  public static HikariDataSource pool(
      String jdbcUrl,
      String user,
      String password,
      int maximumPoolSize,
      Properties driverProperties) {
    HikariConfig config = new HikariConfig();
    config.setDataSourceProperties(driverProperties);
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maximumPoolSize);
    config.setPoolName("gengap-store");
    // Fail a request fast (UNAVAILABLE) rather than hang it while the database is down.
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }
}
