package dev.gengap.cli.local;

import dev.gengap.cli.CliException;
import dev.gengap.cli.Display;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.plot.FigureCharts;
import dev.gengap.cli.report.ReportFormat;
import dev.gengap.cli.report.ReportTable;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.rpc.EvaluatorClient;
import dev.gengap.cli.rpc.TrainerClient;
import dev.gengap.plumbing.security.ClientSecurity;
import dev.gengap.proto.v1.CreateSweepRequest;
import dev.gengap.proto.v1.Evaluation;
import dev.gengap.proto.v1.ReportRequest;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.Sweep;
import dev.gengap.proto.v1.Table;
import dev.gengap.proto.v1.TableRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gengap demo}: the paper's first result on real CIFAR-10 in one command. MLP 1x512 learns
 * true, partially random (p = 0.5) and random labels; the demo prints the table, writes Figure 1
 * and says what the numbers show.
 */
@Command(
    name = "demo",
    description = {
      "Reproduce the paper's first result on CIFAR-10 in one command.",
      "MLP 1x512 with true labels, partial labels (p = 0.5) and random labels, as one sweep,",
      "on a local stack it starts (or a running one: --trainer/--evaluator). Prints the",
      "table, writes Figure 1 and says what the numbers show. With no --data-dir, CIFAR-10",
      "is downloaded once into the per-user cache."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Chosen so that the whole demo ends within 10 minutes on 2 cores (docs/local-and-demo.md). */
  static final String DEFAULT_SUBSET = "20000";

  static final String DEFAULT_MAX_EPOCHS = "60";
  static final String DEFAULT_LR = "0.01";
  static final String DEFAULT_LR_DECAY = "0.95";
  static final String DEFAULT_STOP_AT = "0.99";

  private static final Duration EVALUATION_WAIT = Duration.ofMinutes(5);
  private static final Duration EVALUATION_POLL = Duration.ofSeconds(1);

  /** How long the evaluator gets to notice a run by itself before the demo asks for it. */
  private static final Duration EVALUATION_NUDGE = Duration.ofSeconds(60);

  @Spec CommandSpec spec;
  @Mixin LocalStackOptions stackOptions;

  @Option(
      names = "--trainer",
      paramLabel = "HOST:PORT",
      description = "Use a running trainer-service instead of starting a local stack.")
  String trainerTarget;

  @Option(
      names = "--evaluator",
      paramLabel = "HOST:PORT",
      description = "Use a running evaluator-service instead of starting a local stack.")
  String evaluatorTarget;

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      defaultValue = "gengap-demo",
      description =
          "Where the table, the plots and the services' logs go (default ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(
      names = "--train-subset",
      paramLabel = "N",
      defaultValue = DEFAULT_SUBSET,
      description = "Train on the first N CIFAR-10 images (default ${DEFAULT-VALUE}).")
  int trainSubset;

  @Option(
      names = "--max-epochs",
      defaultValue = DEFAULT_MAX_EPOCHS,
      description = "Epoch cap of every run (default ${DEFAULT-VALUE}).")
  int maxEpochs;

  @Option(
      names = "--lr",
      defaultValue = DEFAULT_LR,
      description = "Initial learning rate (default ${DEFAULT-VALUE}, the paper's).")
  double lr0;

  @Option(
      names = "--lr-decay",
      defaultValue = DEFAULT_LR_DECAY,
      description = "Learning-rate factor per epoch (default ${DEFAULT-VALUE}, the paper's).")
  double lrDecay;

  @Option(
      names = "--stop-at-train-accuracy",
      defaultValue = DEFAULT_STOP_AT,
      description =
          "A run stops once an epoch's training accuracy reaches this (default"
              + " ${DEFAULT-VALUE}).")
  double stopAt;

  @Option(names = "--seed", defaultValue = "1", description = "Data seed (default 1).")
  long seed;

  @Option(
      names = "--timeout",
      paramLabel = "MINUTES",
      defaultValue = "30",
      description = "Give up when the runs have not ended by then (default ${DEFAULT-VALUE}).")
  long timeoutMinutes;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    DemoRecipe recipe = new DemoRecipe(seed, trainSubset, lr0, lrDecay, maxEpochs, stopAt);
    boolean useRunning = trainerTarget != null || evaluatorTarget != null;
    out.println(describe(recipe));
    out.flush();
    if (useRunning) {
      return runDemo(
          out,
          recipe,
          Optional.ofNullable(trainerTarget).orElse("localhost:50052"),
          Optional.ofNullable(evaluatorTarget).orElse("localhost:50053"),
          stackOptions.runningStackSecurity(),
          started);
    }
    StackPlan plan = stackOptions.plan(outDir, outDir.resolve("logs"), Optional.empty(), 2);
    CifarData.ensurePresent(plan.data(), spec.commandLine().getErr());
    LocalStack stack = LocalStack.create(plan, spec.commandLine().getErr());
    Thread stopOnExit = new Thread(stack::close, "demo-stack-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      out.println(
          "starting the local stack: PostgreSQL, dataset, "
              + plan.trainers()
              + (plan.trainers() == 1 ? " trainer" : " trainers")
              + " ("
              + plan.engine()
              + "), evaluator; logs in "
              + plan.logDir());
      out.flush();
      stack.start();
      out.println(
          "stack ready after "
              + Display.duration(elapsed(started))
              + "; data "
              + plan.data().dir());
      out.flush();
      return runDemo(
          out,
          recipe,
          stack.trainerTarget(),
          stack.evaluatorTarget(),
          stack.userSecurity(),
          started);
    } finally {
      stack.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run; the stack is closed either way.
      }
    }
  }

  private int runDemo(
      PrintWriter out,
      DemoRecipe recipe,
      String trainer,
      String evaluator,
      ClientSecurity security,
      long started)
      throws InterruptedException {
    try (Connections connections = new Connections(trainer, evaluator, security)) {
      TrainerClient trainerClient = connections.trainer(Duration.ofSeconds(30));
      Sweep sweep =
          trainerClient.createSweep(
              CreateSweepRequest.newBuilder()
                  .setRequestId(UUID.randomUUID().toString())
                  .setName("demo mlp_1x512 subset " + recipe.trainSubset())
                  .addAllSpecs(recipe.specs())
                  .build());
      out.println(
          "sweep "
              + sweep.getSweepId()
              + ": runs "
              + sweep.getRunIdsList()
              + " queued on "
              + trainer
              + "; follow one with ./gengap watch RUN --trainer "
              + trainer);
      out.flush();
      List<Run> runs =
          new SweepProgress(trainerClient, out, progressOutput())
              .awaitEnd(
                  sweep.getSweepId(), sweep.getRunIdsCount(), Duration.ofMinutes(timeoutMinutes));

      EvaluatorClient evaluatorClient = connections.evaluator(EVALUATION_WAIT);
      int evaluated = awaitEvaluations(out, evaluatorClient, runs);
      ReportRequest scope = ReportRequest.newBuilder().setSweepId(sweep.getSweepId()).build();
      Table table = evaluatorClient.getTable(scope);
      out.println();
      out.print(compactTable(table));
      writeReports(out, table);
      writePlots(out, evaluatorClient, scope);
      out.println();
      DemoFindings.sentences(table.getRowsList()).forEach(out::println);
      out.println();
      out.println("demo finished in " + Display.duration(elapsed(started)));
      out.flush();
      boolean allSucceeded =
          runs.stream().allMatch(r -> r.getStatus() == RunStatus.RUN_STATUS_SUCCEEDED);
      return allSucceeded && evaluated == runs.size() ? ExitCode.OK : ExitCode.RUN_NOT_SUCCEEDED;
    }
  }

  /** Waits for the evaluator to measure every succeeded run; asks for it after a while. */
  private static int awaitEvaluations(PrintWriter out, EvaluatorClient evaluator, List<Run> runs)
      throws InterruptedException {
    long start = System.nanoTime();
    int evaluated = 0;
    for (Run run : runs) {
      if (run.getStatus() != RunStatus.RUN_STATUS_SUCCEEDED) {
        out.println("run " + run.getRunId() + " " + run.getStatus() + ": " + run.getError());
        continue;
      }
      while (true) {
        Optional<Evaluation> evaluation = evaluator.findEvaluation(run.getRunId());
        if (evaluation.isEmpty() && elapsed(start).compareTo(EVALUATION_NUDGE) > 0) {
          evaluation = Optional.of(evaluator.evaluateRun(run.getRunId()));
        }
        if (evaluation.isPresent()) {
          out.printf(
              Locale.ROOT,
              "run %d evaluated: train %s %%, test %s %% (%.1f s)%n",
              run.getRunId(),
              Display.percent(evaluation.get().getTrainAccuracy()),
              Display.percent(evaluation.get().getTestAccuracy()),
              evaluation.get().getSeconds());
          out.flush();
          evaluated++;
          break;
        }
        Thread.sleep(EVALUATION_POLL.toMillis());
      }
    }
    return evaluated;
  }

  static String compactTable(Table table) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "| %-4s | %-15s | %6s | %14s | %13s | %8s |%n",
            "Run",
            "Labels",
            "Epochs",
            "Train acc. (%)",
            "Test acc. (%)",
            "Gap (pp)"));
    text.append(
        "|------|-----------------|-------:|---------------:|--------------:|---------:|\n");
    for (TableRow row : table.getRowsList()) {
      text.append(
          String.format(
              Locale.ROOT,
              "| %-4d | %-15s | %6d | %14s | %13s | %8s |%n",
              row.getRunId(),
              labels(row),
              row.getEpochs(),
              row.getHasEvaluation() ? Display.percent(row.getTrainAccuracy()) : "-",
              row.getHasEvaluation() ? Display.percent(row.getTestAccuracy()) : "-",
              row.getHasEvaluation() ? Display.percent(row.getAccuracyGap()) : "-"));
    }
    return text.toString();
  }

  private static String labels(TableRow row) {
    return switch (row.getCorruption()) {
      case CORRUPTION_KIND_TRUE_LABELS -> "true";
      case CORRUPTION_KIND_PARTIAL_LABELS ->
          "partial p=" + Display.decimal(row.getCorruptionProbability());
      case CORRUPTION_KIND_RANDOM_LABELS -> "random";
      case CORRUPTION_KIND_SHUFFLED_PIXELS,
          CORRUPTION_KIND_RANDOM_PIXELS,
          CORRUPTION_KIND_GAUSSIAN,
          CORRUPTION_KIND_UNSPECIFIED,
          UNRECOGNIZED ->
          row.getCorruption().name();
    };
  }

  private void writeReports(PrintWriter out, Table table) {
    try {
      Files.createDirectories(outDir);
      Path markdown = outDir.resolve("table1.md");
      Path csv = outDir.resolve("table1.csv");
      Files.writeString(
          markdown, ReportTable.render(table, ReportFormat.MARKDOWN), StandardCharsets.UTF_8);
      Files.writeString(csv, ReportTable.render(table, ReportFormat.CSV), StandardCharsets.UTF_8);
      out.println("wrote " + markdown + " and " + csv);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, outDir + ": cannot write: " + e.getMessage());
    }
  }

  private void writePlots(PrintWriter out, EvaluatorClient evaluator, ReportRequest scope) {
    try {
      for (Path file :
          new FigureCharts(800, 600, FigureCharts.FitTimeScale.RELATIVE)
              .write(evaluator.getFigureSeries(scope), outDir)) {
        out.println("wrote " + file);
      }
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, outDir + ": cannot write charts: " + e.getMessage());
    }
  }

  private String describe(DemoRecipe recipe) {
    return String.format(
        Locale.ROOT,
        "gengap demo: MLP 1x512 on the first %,d CIFAR-10 training images with true labels,"
            + " partial labels (p = 0.5) and random labels.%n"
            + "Recipe (recorded with each run): SGD, momentum 0.9, batch 128, lr %s x %s per"
            + " epoch, no weight decay, no augmentation; a run stops at %s %% training accuracy"
            + " or after %d epochs.",
        recipe.trainSubset(),
        Display.decimal(recipe.lr0()),
        Display.decimal(recipe.lrDecay()),
        Display.percent(recipe.stopAtTrainAccuracy()),
        recipe.maxEpochs());
  }

  private static SweepProgress.Output progressOutput() {
    // System.console() is null unless stdin and stdout are both a terminal.
    return System.console() == null ? SweepProgress.Output.LINES : SweepProgress.Output.TERMINAL;
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
