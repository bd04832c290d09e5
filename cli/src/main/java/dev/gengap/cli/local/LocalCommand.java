package dev.gengap.cli.local;

import dev.gengap.cli.CliException;
import dev.gengap.cli.Display;
import dev.gengap.cli.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gengap local}: PostgreSQL and the three services on this machine until Ctrl-C. */
@Command(
    name = "local",
    description = {
      "Run PostgreSQL and the three services on this machine until Ctrl-C.",
      "An embedded PostgreSQL and the dataset, trainer and evaluator services as child",
      "processes, from their jars (./gengap builds them). With no --data-dir, CIFAR-10 is",
      "downloaded once into the per-user cache. Ctrl-C or SIGTERM stops them all."
    })
public final class LocalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LocalStackOptions stackOptions;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "gengap-data",
      description =
          "PostgreSQL's data (postgres/) and the services' logs (logs/) (default"
              + " ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--ephemeral",
      description = "A throw-away database, deleted on exit (logs still go to --state-dir).")
  boolean ephemeral;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StackPlan plan =
        stackOptions.plan(
            stateDir,
            stateDir.resolve("logs"),
            ephemeral ? Optional.empty() : Optional.of(stateDir.resolve("postgres")),
            1);
    CifarData.ensurePresent(plan.data(), err);
    long started = System.nanoTime();
    out.println(
        "gengap local: starting PostgreSQL and the services (logs in " + plan.logDir() + ")");
    out.flush();
    LocalStack stack = LocalStack.create(plan, err);
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C and SIGTERM end the JVM through its shutdown hooks: stop the stack there (also
    // midway through starting it); the JVM exits once the hook returns.
    Thread stopOnExit =
        new Thread(
            () -> {
              out.println("gengap local: stopping");
              out.flush();
              stack.close();
              out.println("gengap local: stopped");
              out.flush();
              stopped.countDown();
            },
            "local-stack-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      stack.start();
    } catch (CliException e) {
      // start() has stopped what it started.
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C during the start: the hook is running and closes the stack.
      }
      throw e;
    }
    printReady(out, plan, stack, Duration.ofNanos(System.nanoTime() - started));
    stopped.await();
    return ExitCode.OK;
  }

  static void printReady(PrintWriter out, StackPlan plan, LocalStack stack, Duration took) {
    out.println(
        "  postgres   "
            + stack.jdbcUrl()
            + "  user postgres, no password"
            + plan.postgresDir().map(dir -> "  (data in " + dir + ")").orElse("  (throw-away)"));
    for (LocalStack.Instance instance : stack.instances()) {
      out.printf(
          "  %-10s %-16s metrics http://localhost:%d/metrics  log %s%n",
          instance.name(), instance.target(), instance.adminPort(), instance.log());
    }
    out.println("  data       " + plan.data().dir());
    out.println(
        "  token      "
            + plan.credentials().userTokenFile()
            + "  (admin; the CLI reads it by default)");
    out.println(
        "  transport  plaintext on "
            + plan.listen()
            + (plan.connectHost().equals(plan.listen()) && !plan.listen().startsWith("127.")
                ? "  WARNING: reachable from other machines, tokens travel unencrypted"
                : "  (this machine only)"));
    out.println(
        "ready in "
            + Display.duration(took)
            + ". In another terminal: ./gengap submit --trainer "
            + stack.trainerTarget()
            + " ... ; ./gengap report --evaluator "
            + stack.evaluatorTarget()
            + " ...");
    out.println("Ctrl-C stops everything.");
    out.flush();
  }
}
