package dev.gengap.trainer.bench;

import dev.gengap.store.Database;
import dev.gengap.store.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A durable embedded PostgreSQL for trying the trainer by hand: {@code java -cp trainer-service.jar
 * dev.gengap.trainer.bench.LocalDatabase DIR PORT}; prints the JDBC URL and runs until Ctrl-C.
 */
public final class LocalDatabase {
  private LocalDatabase() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: LocalDatabase DATA_DIR PORT");
      System.exit(2);
    }
    EmbeddedDatabase database =
        EmbeddedDatabase.startPersistent(Path.of(args[0]), Integer.parseInt(args[1]), 2);
    Database.migrate(database.dataSource());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  database.close();
                  stopped.countDown();
                }));
    System.out.println("jdbc_url=" + database.jdbcUrl() + " user=postgres password=");
    stopped.await();
  }
}
