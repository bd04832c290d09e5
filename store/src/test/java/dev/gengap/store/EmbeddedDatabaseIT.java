package dev.gengap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {
  @TempDir Path dir;

  @Test
  void persistentStoreCommitsToDisk() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedDatabase database = EmbeddedDatabase.startPersistent(dir.resolve("pg"), port, 2)) {
      assertThat(setting(database, "fsync")).isEqualTo("on");
      assertThat(setting(database, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(database, "full_page_writes")).isEqualTo("on");
    }
  }

  private static String setting(EmbeddedDatabase database, String name) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
