package dev.gengap.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one embedded PostgreSQL per JVM, migrated once, every table emptied after each
 * test. Tests receive its pool as a {@link DataSource} parameter (constructor, lifecycle or test
 * method). Shipped in the store's test-jar for other modules' ITs.
 */
public final class EmbeddedPostgresExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class);

  // Identity restarts too, so ids in one test do not depend on the tests before it.
  private static final String TRUNCATE =
      "TRUNCATE evaluations, checkpoints, epoch_metrics, runs, sweeps RESTART IDENTITY CASCADE";

  // Pool large enough for the concurrent-submit tests (many client threads at once).
  private static final int POOL_SIZE = 16;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DataSource.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return database(context).dataSource();
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    try (Connection connection = database(context).dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(TRUNCATE);
    }
  }

  /** The JVM-wide database, started and migrated on first use, stopped when JUnit finishes. */
  private static EmbeddedDatabase database(ExtensionContext context) {
    // The root store outlives every test class; JUnit closes AutoCloseable values at the end.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            EmbeddedDatabase.class,
            key -> {
              EmbeddedDatabase database = EmbeddedDatabase.startEphemeral(POOL_SIZE);
              Database.migrate(database.dataSource());
              return database;
            },
            EmbeddedDatabase.class);
  }
}
