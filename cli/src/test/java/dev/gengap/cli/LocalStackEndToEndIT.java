package dev.gengap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gengap.dataset.testdata.SyntheticCifar;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system on one machine: {@code gengap local} (the real CLI jar) starts an embedded
 * PostgreSQL and the dataset, trainer and evaluator services from their real jars on synthetic
 * CIFAR-format data; the CLI then submits a run, watches it to the end, finds the evaluator's
 * evaluation and reports the run. Stopping {@code gengap local} must stop every child process.
 *
 * <p>Runs after the service modules are packaged (cli declares them as pom dependencies for the
 * reactor order).
 */
class LocalStackEndToEndIT {
  private static final CSVFormat WITH_HEADER =
      CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final Duration STARTUP = Duration.ofSeconds(150);

  @TempDir Path dir;

  Process local;
  Path localOutput;
  int trainerPort;
  int evaluatorPort;

  @BeforeEach
  void startLocalStack() throws IOException, InterruptedException {
    Path data =
        SyntheticCifar.writeBands(
            dir.resolve("cifar"), SyntheticCifar.OFFICIAL_RECORDS_PER_FILE, 7);
    int[] ports = freePorts(7);
    trainerPort = ports[2];
    evaluatorPort = ports[4];
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-jar",
            HOME.resolve("cli/target/gengap.jar").toString(),
            "local",
            "--home",
            HOME.toString(),
            "--ephemeral",
            "--state-dir",
            dir.resolve("state").toString(),
            "--data-dir",
            data.toString(),
            "--dataset-port",
            Integer.toString(ports[0]),
            "--dataset-admin-port",
            Integer.toString(ports[1]),
            "--trainer-port",
            Integer.toString(trainerPort),
            "--trainer-admin-port",
            Integer.toString(ports[3]),
            "--evaluator-port",
            Integer.toString(evaluatorPort),
            "--evaluator-admin-port",
            Integer.toString(ports[5]),
            "--db-port",
            Integer.toString(ports[6]),
            "--token-file",
            token().toString());
    // A file, not a pipe: reading a pipe while the process exits can lose the last lines.
    localOutput = dir.resolve("local.out");
    local =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(localOutput.toFile())
            .start();
    awaitLine("ready in", STARTUP);
  }

  /** Where the stack writes the user's token, instead of ~/.config/gengap/token. */
  private Path token() {
    return dir.resolve("token");
  }

  @AfterEach
  void stopLocalStack() throws InterruptedException {
    if (local != null && local.isAlive()) {
      // SIGTERM first: the stack stops its services and its PostgreSQL, which pg_ctl detached (no
      // descendant to kill), so killing the stack outright would leave the database running.
      local.destroy();
      if (!local.waitFor(60, TimeUnit.SECONDS)) {
        local.descendants().forEach(ProcessHandle::destroyForcibly);
        local.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void submittedRunIsTrainedEvaluatedAndReportedThenStopStopsEveryProcess() throws Exception {
    String trainer = "localhost:" + trainerPort;
    String evaluator = "localhost:" + evaluatorPort;
    assertThat(Files.getPosixFilePermissions(token()))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Path stranger = Files.writeString(dir.resolve("stranger-token"), "not-a-token\n");
    CliRunner.Result refused =
        CliRunner.run("runs", "--trainer", trainer, "--token-file", stranger.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCode.REJECTED);
    assertThat(refused.err()).contains("does not know you");

    CliRunner.Result submitted =
        CliRunner.run(
            "submit",
            "--token-file",
            token().toString(),
            "--trainer",
            trainer,
            "--model",
            "MLP_1X512",
            "--corruption",
            "TRUE_LABELS",
            "--train-subset",
            "1000",
            "--max-epochs",
            "4",
            "--label",
            "end-to-end",
            "--watch",
            "--lines",
            "--timeout",
            "2");
    assertThat(submitted.exitCode()).as(submitted.err() + submitted.out()).isZero();
    long runId = Long.parseLong(submitted.out().lines().findFirst().orElseThrow().strip());
    assertThat(submitted.out())
        .contains("run " + runId + " [")
        .contains("run " + runId + " SUCCEEDED after");

    // The evaluator notices the finished run by itself: no eval call before the row has numbers.
    CSVRecord row = awaitEvaluatedRow(evaluator, runId, Duration.ofSeconds(60));
    double trainAccuracy = Double.parseDouble(row.get("train_accuracy"));
    double testAccuracy = Double.parseDouble(row.get("test_accuracy"));
    // Each class is a bright band of rows: far above the 10 % of chance after a few epochs.
    assertThat(trainAccuracy).isGreaterThan(0.5);
    assertThat(testAccuracy).isGreaterThan(0.5);

    CliRunner.Result report =
        CliRunner.run(
            "report", "--token-file", token().toString(), "--evaluator", evaluator, "" + runId);
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out()).contains("| " + runId + " | end-to-end | MLP_1X512 | TRUE_LABELS");

    CliRunner.Result eval =
        CliRunner.run(
            "eval", "--token-file", token().toString(), "--evaluator", evaluator, "" + runId);
    assertThat(eval.exitCode()).as(eval.err()).isZero();
    // The data is easy: the run may stop early at 100 % training accuracy; the evaluation
    // measures the final checkpoint, whatever epoch that was.
    Matcher epochs = Pattern.compile("SUCCEEDED after (\\d+) epoch").matcher(submitted.out());
    assertThat(epochs.find()).as(submitted.out()).isTrue();
    assertThat(eval.out()).contains("run " + runId + ", checkpoint of epoch " + epochs.group(1));

    List<ProcessHandle> children = local.descendants().filter(ProcessHandle::isAlive).toList();
    assertThat(children.stream().filter(p -> isJava(p)).count())
        .as("dataset, trainer and evaluator processes")
        .isEqualTo(3);
    local.destroy(); // SIGTERM, as a service manager or Ctrl-C would
    assertThat(local.waitFor(90, TimeUnit.SECONDS)).as("gengap local exits").isTrue();
    awaitLine("gengap local: stopped", Duration.ofSeconds(5));
    assertThat(children).noneMatch(ProcessHandle::isAlive);
  }

  /**
   * Sections 4 and 5 as run kinds: a Gaussian-kernel interpolation, the linear model trained by SGD
   * from zero and Theorem 1's network, each submitted from a spec file, fitted by the trainer,
   * evaluated by the evaluator and reported; a bad spec is refused naming its field.
   */
  @Test
  void interpolatingRunKindsAreFittedEvaluatedAndReported() throws Exception {
    String trainer = "localhost:" + trainerPort;
    String evaluator = "localhost:" + evaluatorPort;
    Path badGamma =
        Files.writeString(
            dir.resolve("bad-gamma.yaml"),
            """
            data: {corruption: TRUE_LABELS, train_subset: 100}
            model: {kind: KERNEL_RBF, gamma: -1}
            """);
    CliRunner.Result refused =
        CliRunner.run(
            "submit",
            "--token-file",
            token().toString(),
            "--trainer",
            trainer,
            "--spec",
            badGamma.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCode.REJECTED);
    assertThat(refused.err()).contains("model.gamma: must be > 0");

    long kernel =
        submitSpec(
            trainer,
            """
            data: {corruption: TRUE_LABELS, seed: 1, train_subset: 300}
            model: {kind: KERNEL_RBF}
            label: kernel
            """);
    long linear =
        submitSpec(
            trainer,
            """
            data: {corruption: TRUE_LABELS, seed: 1, train_subset: 100}
            model: {kind: LINEAR_LEAST_SQUARES}
            recipe: {max_epochs: 20}
            label: linear
            """);
    long theorem1 =
        submitSpec(
            trainer,
            """
            data: {corruption: RANDOM_LABELS, seed: 1, train_subset: 500}
            model: {kind: THEOREM1_RELU}
            label: theorem1
            """);

    CSVRecord kernelRow = awaitEvaluatedRow(evaluator, kernel, Duration.ofSeconds(120));
    assertThat(Double.parseDouble(kernelRow.get("train_accuracy"))).isEqualTo(1.0);
    // Each class is a bright band of rows: the kernel generalizes far above chance.
    assertThat(Double.parseDouble(kernelRow.get("test_accuracy"))).isGreaterThan(0.5);
    CSVRecord linearRow = awaitEvaluatedRow(evaluator, linear, Duration.ofSeconds(120));
    assertThat(Double.parseDouble(linearRow.get("test_accuracy"))).isGreaterThan(0.5);
    CSVRecord theorem1Row = awaitEvaluatedRow(evaluator, theorem1, Duration.ofSeconds(120));
    assertThat(Double.parseDouble(theorem1Row.get("train_accuracy"))).isEqualTo(1.0);

    CliRunner.Result report =
        CliRunner.run(
            "report",
            "--token-file",
            token().toString(),
            "--evaluator",
            evaluator,
            "" + kernel,
            "" + linear,
            "" + theorem1);
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out())
        .contains("| " + kernel + " | kernel | KERNEL_RBF | TRUE_LABELS")
        .contains("| " + linear + " | linear | LINEAR_LEAST_SQUARES | TRUE_LABELS")
        .contains("| " + theorem1 + " | theorem1 | THEOREM1_RELU | RANDOM_LABELS");
  }

  /** Submits the YAML spec, waits for the run to succeed and returns its id. */
  private long submitSpec(String trainer, String yaml) throws Exception {
    Path file = Files.createTempFile(dir, "spec", ".yaml");
    Files.writeString(file, yaml);
    CliRunner.Result submitted =
        CliRunner.run(
            "submit",
            "--token-file",
            token().toString(),
            "--trainer",
            trainer,
            "--spec",
            file.toString(),
            "--watch",
            "--lines",
            "--timeout",
            "2");
    assertThat(submitted.exitCode()).as(submitted.err() + submitted.out()).isZero();
    return Long.parseLong(submitted.out().lines().findFirst().orElseThrow().strip());
  }

  private static boolean isJava(ProcessHandle process) {
    return process.info().commandLine().map(c -> c.contains("-service.jar")).orElse(false);
  }

  private CSVRecord awaitEvaluatedRow(String evaluator, long runId, Duration timeout)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      CliRunner.Result csv =
          CliRunner.run(
              "report",
              "--token-file",
              token().toString(),
              "--evaluator",
              evaluator,
              "--format",
              "csv",
              "" + runId);
      assertThat(csv.exitCode()).as(csv.err()).isZero();
      last = csv.out();
      // The accuracy columns stay empty until the run is evaluated.
      try (CSVParser rows = CSVParser.parse(csv.out(), WITH_HEADER)) {
        for (CSVRecord row : rows) {
          if (row.get("run_id").equals(Long.toString(runId))
              && !row.get("test_accuracy").isEmpty()) {
            return row;
          }
        }
      }
      Thread.sleep(500);
    }
    return fail("no evaluation of run " + runId + " within " + timeout + "; last row: " + last);
  }

  private void awaitLine(String text, Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(localOutput).lines().anyMatch(line -> line.contains(text))) {
        return;
      }
      if (!local.isAlive()) {
        break;
      }
      Thread.sleep(250);
    }
    if (Files.readString(localOutput).lines().anyMatch(line -> line.contains(text))) {
      return;
    }
    fail(
        "gengap local never printed '"
            + text
            + "' (alive: "
            + local.isAlive()
            + "):\n"
            + Files.readString(localOutput)
            + logs());
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    Path logDir = dir.resolve("state/logs");
    try (var files = Files.list(logDir)) {
      for (Path log : files.toList()) {
        List<String> lines = Files.readAllLines(log);
        text.append("\n--- ")
            .append(log.getFileName())
            .append(" ---\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
      }
    } catch (IOException e) {
      text.append("\n(no logs: ").append(e.getMessage()).append(')');
    }
    return text.toString();
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
