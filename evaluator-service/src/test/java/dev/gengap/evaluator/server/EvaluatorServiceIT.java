package dev.gengap.evaluator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.evaluator.evaluation.EvaluationLoop;
import dev.gengap.evaluator.evaluation.Evaluations;
import dev.gengap.evaluator.evaluation.EvaluatorMeters;
import dev.gengap.evaluator.evaluation.RunEvaluator;
import dev.gengap.evaluator.report.Reports;
import dev.gengap.evaluator.testing.LocalDatasetService;
import dev.gengap.evaluator.testing.RunTrainer;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.EvaluateRunRequest;
import dev.gengap.proto.v1.Evaluation;
import dev.gengap.proto.v1.EvaluatorServiceGrpc;
import dev.gengap.proto.v1.GetEvaluationRequest;
import dev.gengap.proto.v1.ReportRequest;
import dev.gengap.store.CheckpointRepository;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.EvaluationClaimRepository;
import dev.gengap.store.EvaluationRepository;
import dev.gengap.store.NewRun;
import dev.gengap.store.RunRepository;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunStatus;
import dev.gengap.store.SweepRepository;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator with real parts: embedded PostgreSQL, a real dataset-service on a free port, runs
 * trained for real (MLP 1×512 memorizing 300 random labels), the gRPC service in-process.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class EvaluatorServiceIT {
  private static final int RECORDS_PER_FILE = 100; // 500 training images, 100 test images
  private static final int TRAIN_SUBSET = 300;
  @TempDir static Path dataDir;
  private static LocalDatasetService dataset;

  private final Clock clock = Clock.systemUTC();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScheduledExecutorService leaseRenewal = Executors.newScheduledThreadPool(1);
  private final DataSource dataSource;
  private final RunRepository runs;
  private final EvaluationClaimRepository claims;
  private final Evaluations evaluations;
  private final ManagedGrpcServer server;
  private final ManagedChannel channel;
  private final EvaluatorServiceGrpc.EvaluatorServiceBlockingStub stub;
  private EvaluationLoop loop;

  @BeforeAll
  static void startDataset() throws Exception {
    SyntheticCifar.writeNoise(dataDir, RECORDS_PER_FILE, 1);
    dataset = LocalDatasetService.start(dataDir, RECORDS_PER_FILE);
  }

  @AfterAll
  static void stopDataset() throws Exception {
    dataset.close();
  }

  EvaluatorServiceIT(DataSource dataSource) throws Exception {
    this.dataSource = dataSource;
    runs = new RunRepository(dataSource, clock);
    claims = new EvaluationClaimRepository(dataSource, clock);
    EvaluationRepository evaluationRepository = new EvaluationRepository(dataSource);
    evaluations =
        new Evaluations(
            runs,
            evaluationRepository,
            claims,
            new RunEvaluator(
                dataset.channel(),
                new CheckpointRepository(dataSource, clock),
                clock,
                "mxnet",
                64,
                64L << 20),
            new EvaluatorMeters(registry),
            leaseRenewal,
            clock,
            "evaluator-it");
    Reports reports =
        new Reports(
            runs,
            new SweepRepository(dataSource, clock),
            new EpochRepository(dataSource, clock),
            evaluationRepository);
    String name = InProcessServerBuilder.generateName();
    server =
        new ManagedGrpcServer(
                InProcessServerBuilder.forName(name),
                registry,
                List.of(new EvaluatorGrpcService(evaluations, reports)))
            .start();
    server.markServing();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = EvaluatorServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (loop != null) {
      loop.close();
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
    leaseRenewal.shutdownNow();
  }

  private EvaluatorServiceGrpc.EvaluatorServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private RunRow trainedRun(String requestId) {
    return new RunTrainer(dataSource, clock, dataset.channel())
        .trainToSuccess(
            requestId, RunTrainer.randomLabelsMlp(TRAIN_SUBSET, Engine.ENGINE_MXNET, 60), "mxnet");
  }

  private double evaluationsCounted(String outcome) {
    return registry.get("gengap.evaluator.evaluations").tag("outcome", outcome).counter().count();
  }

  @Test
  void backgroundLoopEvaluatesAFinishedRunWithinSeconds() throws Exception {
    RunRow run = trainedRun("memorize");
    loop = new EvaluationLoop(evaluations, Duration.ofMillis(200)).start();

    long start = System.nanoTime();
    Evaluation evaluation = null;
    while (evaluation == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
      try {
        evaluation =
            withDeadline()
                .getEvaluation(GetEvaluationRequest.newBuilder().setRunId(run.id()).build());
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        Thread.sleep(100);
      }
    }
    System.out.printf(
        "evaluated run %d (%d epochs) in %.2f s: train %.4f / %.4f, test %.4f / %.4f%n",
        run.id(),
        run.epochsCompleted(),
        evaluation.getSeconds(),
        evaluation.getTrainAccuracy(),
        evaluation.getTrainLoss(),
        evaluation.getTestAccuracy(),
        evaluation.getTestLoss());

    assertThat(evaluation.getRunId()).isEqualTo(run.id());
    assertThat(evaluation.getCheckpointEpoch()).isEqualTo(run.epochsCompleted());
    // The served (random) labels of the 300 images it trained on, memorized; the test split at
    // chance. Measured on the true labels, train accuracy would be at chance too.
    assertThat(evaluation.getTrainExamples()).isEqualTo(TRAIN_SUBSET);
    assertThat(evaluation.getTestExamples()).isEqualTo(RECORDS_PER_FILE);
    assertThat(evaluation.getTrainAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(evaluation.getTestAccuracy()).isBetween(0.0, 0.3);
    assertThat(evaluation.getTestLoss()).isGreaterThan(evaluation.getTrainLoss());
    assertThat(evaluation.getAccuracyGap())
        .isCloseTo(evaluation.getTrainAccuracy() - evaluation.getTestAccuracy(), within(1e-12));
    assertThat(evaluation.getLossGap())
        .isCloseTo(evaluation.getTestLoss() - evaluation.getTrainLoss(), within(1e-12));
    assertThat(evaluation.getSeconds()).isPositive();
    assertThat(evaluationsCounted("succeeded")).isEqualTo(1);
    assertThat(registry.get("gengap.evaluator.evaluation.duration").timer().count()).isEqualTo(1);

    // On demand afterwards: the stored evaluation, not a new one.
    Evaluation again =
        withDeadline().evaluateRun(EvaluateRunRequest.newBuilder().setRunId(run.id()).build());
    assertThat(again).isEqualTo(evaluation);
    assertThat(evaluationsCounted("succeeded")).isEqualTo(1);
  }

  @Test
  void concurrentEvaluateRunCallsMeasureTheRunOnce() throws Exception {
    RunRow run = trainedRun("concurrent");
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Evaluation>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(
            () ->
                withDeadline()
                    .evaluateRun(EvaluateRunRequest.newBuilder().setRunId(run.id()).build()));
      }
      List<Evaluation> results = new ArrayList<>();
      for (Future<Evaluation> f : clients.invokeAll(calls)) {
        results.add(f.get());
      }
      assertThat(results).hasSize(4).allSatisfy(e -> assertThat(e).isEqualTo(results.get(0)));
      assertThat(results.get(0).getTrainAccuracy()).isGreaterThanOrEqualTo(0.95);
      assertThat(evaluationsCounted("succeeded")).isEqualTo(1);
      assertThat(claims.find(run.id())).isEmpty();
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void runWithoutCheckpointFailsOnceAndWaitsForItsRetryTime() throws Exception {
    long id = succeededWithoutCheckpoint("no-checkpoint");
    loop = new EvaluationLoop(evaluations, Duration.ofMillis(50)).start();

    long start = System.nanoTime();
    while (evaluationsCounted("failed") == 0
        && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(50);
    }
    Thread.sleep(1_000); // twenty more polls: none may try the run again
    assertThat(evaluationsCounted("failed")).isEqualTo(1);
    assertThat(claims.find(id).orElseThrow().error()).contains("has no checkpoint");
    assertThat(claims.find(id).orElseThrow().retryAfter()).isPresent();

    // On demand it is tried at once, and says why it cannot be done.
    assertThatThrownBy(
            () -> withDeadline().evaluateRun(EvaluateRunRequest.newBuilder().setRunId(id).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("run " + id, "no checkpoint");
            });
    assertThat(evaluationsCounted("failed")).isEqualTo(2);
  }

  @Test
  void errorsMapToStatusCodes() {
    // Finished first: claimNext takes the oldest queued run.
    long unevaluated = succeededWithoutCheckpoint("unevaluated");
    long queued =
        runs.submit(
                "queued", new NewRun(RunTrainer.randomLabelsMlp(10, Engine.ENGINE_MXNET, 1), "q"))
            .run()
            .id();

    assertStatus(
        () -> withDeadline().evaluateRun(EvaluateRunRequest.newBuilder().setRunId(0).build()),
        Status.Code.INVALID_ARGUMENT,
        "run_id: must be > 0, was 0");
    assertStatus(
        () -> withDeadline().getEvaluation(GetEvaluationRequest.newBuilder().setRunId(-3).build()),
        Status.Code.INVALID_ARGUMENT,
        "run_id");
    assertStatus(
        () -> withDeadline().evaluateRun(EvaluateRunRequest.newBuilder().setRunId(999).build()),
        Status.Code.NOT_FOUND,
        "run 999 does not exist");
    assertStatus(
        () -> withDeadline().getEvaluation(GetEvaluationRequest.newBuilder().setRunId(999).build()),
        Status.Code.NOT_FOUND,
        "run 999 does not exist");
    assertStatus(
        () -> withDeadline().evaluateRun(EvaluateRunRequest.newBuilder().setRunId(queued).build()),
        Status.Code.FAILED_PRECONDITION,
        "is QUEUED");
    assertStatus(
        () ->
            withDeadline()
                .getEvaluation(GetEvaluationRequest.newBuilder().setRunId(unevaluated).build()),
        Status.Code.NOT_FOUND,
        "has no evaluation yet");
    assertStatus(
        () -> withDeadline().getTable(ReportRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "run_ids");
    assertStatus(
        () ->
            withDeadline()
                .getTable(ReportRequest.newBuilder().addRunIds(queued).addRunIds(-1).build()),
        Status.Code.INVALID_ARGUMENT,
        "run_ids[1]: must be > 0, was -1");
    assertStatus(
        () -> withDeadline().getFigureSeries(ReportRequest.newBuilder().setSweepId(42).build()),
        Status.Code.NOT_FOUND,
        "sweep 42 does not exist");
    assertStatus(
        () ->
            withDeadline()
                .getTable(ReportRequest.newBuilder().addRunIds(queued).addRunIds(77).build()),
        Status.Code.NOT_FOUND,
        "run 77 does not exist");
  }

  private long succeededWithoutCheckpoint(String requestId) {
    long id =
        runs.submit(
                requestId,
                new NewRun(RunTrainer.randomLabelsMlp(10, Engine.ENGINE_MXNET, 1), requestId))
            .run()
            .id();
    runs.claimNext("w", Duration.ofMinutes(1)).orElseThrow();
    runs.finish(id, "w", RunStatus.SUCCEEDED, "");
    return id;
  }

  private static void assertStatus(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
      Status.Code code,
      String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(description);
            });
  }
}
