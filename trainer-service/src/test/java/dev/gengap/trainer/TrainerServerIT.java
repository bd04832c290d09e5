package dev.gengap.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.plumbing.ServiceLifecycle;
import dev.gengap.store.EmbeddedDatabase;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The trainer's main against a store it cannot migrate, and against no store at all. */
class TrainerServerIT {
  @Test
  void exitsWithTheStartupCodeWhenTheStoreCannotBeMigrated() throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.startEphemeral(2)) {
      // Another application's table and no Flyway history: Flyway refuses to migrate the schema.
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE someone_elses_table (id int)");
      }

      int exit = runTrainer(database.jdbcUrl());

      assertThat(exit).isEqualTo(ServiceLifecycle.EXIT_STARTUP_FAILED);
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet tables =
              statement.executeQuery(
                  "SELECT count(*) FROM information_schema.tables WHERE table_name = 'runs'")) {
        tables.next();
        assertThat(tables.getInt(1)).as("nothing was created").isZero();
      }
    }
  }

  @Test
  void exitsWithTheStartupCodeWhenTheStoreIsUnreachable() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }

    int exit = runTrainer("jdbc:postgresql://127.0.0.1:" + freePort + "/gengap");

    assertThat(exit).isEqualTo(ServiceLifecycle.EXIT_STARTUP_FAILED);
  }

  /** The trainer's main on ephemeral ports against {@code jdbcUrl}; its exit code. */
  private static int runTrainer(String jdbcUrl) {
    return new CommandLine(new TrainerServer())
        .execute(
            "--jdbc-url",
            jdbcUrl,
            "--db-user",
            "postgres",
            "--grpc-port",
            "0",
            "--admin-port",
            "0",
            "--dataset-target",
            "localhost:1",
            "--plaintext",
            "--no-auth",
            "--engine",
            "pytorch");
  }
}
