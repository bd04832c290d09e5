package dev.gengap.trainer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.proto.v1.CancelRunRequest;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.CreateSweepRequest;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.GetRunRequest;
import dev.gengap.proto.v1.GetSweepRequest;
import dev.gengap.proto.v1.ListRunsRequest;
import dev.gengap.proto.v1.ListRunsResponse;
import dev.gengap.proto.v1.ListSweepsRequest;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunEvent;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.SubmitRunRequest;
import dev.gengap.proto.v1.Sweep;
import dev.gengap.proto.v1.TrainerServiceGrpc;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.proto.v1.WatchRunRequest;
import dev.gengap.store.EmbeddedPostgresExtension;
import dev.gengap.store.EpochMetrics;
import dev.gengap.store.EpochRepository;
import dev.gengap.store.RunRepository;
import dev.gengap.store.SettableClock;
import dev.gengap.store.SweepRepository;
import dev.gengap.trainer.queue.RunQueue;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

@ExtendWith(EmbeddedPostgresExtension.class)
class TrainerGrpcServiceIT {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final SettableClock clock = new SettableClock();
  private final RunRepository runs;
  private final EpochRepository epochs;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Server server;
  private final ManagedChannel channel;

  TrainerGrpcServiceIT(DataSource dataSource) throws Exception {
    runs = new RunRepository(dataSource, clock);
    epochs = new EpochRepository(dataSource, clock);
    RunQueue queue = new RunQueue(runs, epochs, new SweepRepository(dataSource, clock));
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new TrainerGrpcService(
                    queue, new RunWatcher(queue, scheduler, Duration.ofMillis(20))))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    scheduler.shutdownNow();
  }

  private TrainerServiceGrpc.TrainerServiceBlockingStub stub() {
    return TrainerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static RunSpec spec(ModelKind model, CorruptionKind corruption, long seed) {
    return RunSpec.newBuilder()
        .setData(DataSpec.newBuilder().setCorruption(corruption).setSeed(seed))
        .setModel(ModelSpec.newBuilder().setKind(model))
        .build();
  }

  private static RunSpec mlp(long seed) {
    return spec(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS, seed);
  }

  private Run submit(String requestId, RunSpec spec) {
    return stub()
        .submitRun(SubmitRunRequest.newBuilder().setRequestId(requestId).setSpec(spec).build());
  }

  @Test
  void submitQueuesTheResolvedSpec() {
    Run run =
        submit(
            "r1",
            spec(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS, 0));

    assertThat(run.getRunId()).isPositive();
    assertThat(run.getStatus()).isEqualTo(RunStatus.RUN_STATUS_QUEUED);
    assertThat(run.getDisplayName()).isEqualTo("mlp_1x512 random_labels seed=0");
    assertThat(run.getSpec().getRecipe().getLr0()).isEqualTo(0.01);
    assertThat(run.getSpec().getData().getCorruptionProbability()).isEqualTo(1.0);
    assertThat(run.getRequestId()).isEqualTo("r1");
    assertThat(run.getCreatedAt().getSeconds()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(stub().getRun(GetRunRequest.newBuilder().setRunId(run.getRunId()).build()))
        .isEqualTo(run);
  }

  @Test
  void concurrentRetriesOfOneSubmissionMakeOneRun() throws Exception {
    int clients = 16;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      List<Callable<Long>> retries = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        retries.add(
            () -> {
              go.await();
              return submit("same-request", mlp(3)).getRunId();
            });
      }
      List<Future<Long>> results = new ArrayList<>();
      for (Callable<Long> retry : retries) {
        results.add(threads.submit(retry));
      }
      go.countDown();
      Set<Long> runIds = new HashSet<>();
      for (Future<Long> result : results) {
        runIds.add(result.get(30, TimeUnit.SECONDS));
      }
      assertThat(runIds).hasSize(1);
    } finally {
      threads.shutdownNow();
    }
    assertThat(stub().listRuns(ListRunsRequest.getDefaultInstance()).getRunsList()).hasSize(1);
  }

  @Test
  void reusingARequestIdForAnotherSpecIsRejected() {
    submit("r1", mlp(1));

    assertThatThrownBy(() -> submit("r1", mlp(2)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith("request_id:");
            });
  }

  static Stream<Arguments> invalidSpecs() {
    RunSpec valid = mlp(0);
    List<Arguments> cases = new ArrayList<>();
    cases.add(Arguments.of("spec", RunSpec.getDefaultInstance()));
    cases.add(Arguments.of("data", valid.toBuilder().clearData().build()));
    cases.add(Arguments.of("model", valid.toBuilder().clearModel().build()));
    cases.add(data(valid, "data.dataset", d -> d.setDataset("svhn")));
    cases.add(
        data(
            valid,
            "data.corruption",
            d -> d.setCorruption(CorruptionKind.CORRUPTION_KIND_UNSPECIFIED)));
    cases.add(data(valid, "data.corruption", d -> d.setCorruptionValue(99)));
    cases.add(
        data(
            valid,
            "data.corruption_probability",
            d ->
                d.setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                    .setCorruptionProbability(1.5)));
    cases.add(
        data(
            valid,
            "data.corruption_probability",
            d ->
                d.setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                    .setCorruptionProbability(-0.1)));
    cases.add(
        data(valid, "data.corruption_probability", d -> d.setCorruptionProbability(Double.NaN)));
    cases.add(data(valid, "data.corruption_probability", d -> d.setCorruptionProbability(0.5)));
    cases.add(
        data(
            valid,
            "data.corruption_probability",
            d ->
                d.setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                    .setCorruptionProbability(0.5)));
    cases.add(
        data(
            valid,
            "data.corrupt_test_labels",
            d ->
                d.setCorruption(CorruptionKind.CORRUPTION_KIND_GAUSSIAN)
                    .setCorruptTestLabels(true)));
    cases.add(data(valid, "data.train_subset", d -> d.setTrainSubset(50_001)));
    cases.add(data(valid, "data.train_subset", d -> d.setTrainSubset(-1)));
    cases.add(model(valid, "model.kind", m -> m.setKind(ModelKind.MODEL_KIND_UNSPECIFIED)));
    cases.add(model(valid, "model.kind", m -> m.setKindValue(42)));
    cases.add(model(valid, "model.batch_norm", m -> m.setBatchNorm(true)));
    cases.add(model(valid, "model.initialization", m -> m.setInitializationValue(9)));
    cases.add(recipe(valid, "recipe.lr0", r -> r.setLr0(0)));
    cases.add(recipe(valid, "recipe.lr0", r -> r.setLr0(-0.1)));
    cases.add(recipe(valid, "recipe.lr0", r -> r.setLr0(11)));
    cases.add(recipe(valid, "recipe.lr0", r -> r.setLr0(Double.POSITIVE_INFINITY)));
    cases.add(recipe(valid, "recipe.lr_decay", r -> r.setLrDecay(0)));
    cases.add(recipe(valid, "recipe.lr_decay", r -> r.setLrDecay(1.01)));
    cases.add(recipe(valid, "recipe.momentum", r -> r.setMomentum(1)));
    cases.add(recipe(valid, "recipe.momentum", r -> r.setMomentum(-0.5)));
    cases.add(recipe(valid, "recipe.weight_decay", r -> r.setWeightDecay(1)));
    cases.add(recipe(valid, "recipe.weight_decay", r -> r.setWeightDecay(-1e-4)));
    cases.add(recipe(valid, "recipe.batch_size", r -> r.setBatchSize(4097)));
    cases.add(recipe(valid, "recipe.max_epochs", r -> r.setMaxEpochs(10_001)));
    cases.add(recipe(valid, "recipe.stop_at_train_accuracy", r -> r.setStopAtTrainAccuracy(0)));
    cases.add(recipe(valid, "recipe.stop_at_train_accuracy", r -> r.setStopAtTrainAccuracy(1.1)));
    cases.add(recipe(valid, "recipe.checkpoint_every", r -> r.setCheckpointEvery(10_001)));
    cases.add(Arguments.of("engine", valid.toBuilder().setEngineValue(7).build()));
    cases.add(Arguments.of("device", valid.toBuilder().setDeviceValue(7).build()));
    cases.add(Arguments.of("label", valid.toBuilder().setLabel("x".repeat(201)).build()));
    return cases.stream();
  }

  private static Arguments data(RunSpec valid, String field, UnaryOperator<DataSpec.Builder> f) {
    return Arguments.of(
        field, valid.toBuilder().setData(f.apply(valid.getData().toBuilder())).build());
  }

  private static Arguments model(RunSpec valid, String field, UnaryOperator<ModelSpec.Builder> f) {
    return Arguments.of(
        field, valid.toBuilder().setModel(f.apply(valid.getModel().toBuilder())).build());
  }

  private static Arguments recipe(
      RunSpec valid, String field, UnaryOperator<TrainingRecipe.Builder> f) {
    return Arguments.of(
        field, valid.toBuilder().setRecipe(f.apply(valid.getRecipe().toBuilder())).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void everyInvalidSpecFieldIsNamed(String field, RunSpec spec) {
    assertInvalid(field, () -> submit("r-" + field, spec));
    assertThat(runs.queueDepth()).isZero();
  }

  @Test
  void requestIdMustBeOneTo128Characters() {
    assertInvalid("request_id", () -> submit("", mlp(0)));
    assertInvalid("request_id", () -> submit("x".repeat(129), mlp(0)));
    assertThat(submit("x".repeat(128), mlp(0)).getRunId()).isPositive();
  }

  private static void assertInvalid(String field, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith(field + ": ");
            });
  }

  private static void assertCode(Status.Code code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void getOfAnUnknownRunIsNotFound() {
    assertCode(
        Status.Code.NOT_FOUND, () -> stub().getRun(GetRunRequest.newBuilder().setRunId(9).build()));
    assertInvalid("run_id", () -> stub().getRun(GetRunRequest.getDefaultInstance()));
  }

  @Test
  void listFiltersAndPages() {
    for (int i = 0; i < 5; i++) {
      submit(
          "mlp" + i,
          spec(ModelKind.MODEL_KIND_MLP_1X512, CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS, i));
    }
    submit(
        "alex",
        spec(ModelKind.MODEL_KIND_ALEXNET_SMALL, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS, 0));
    long running = runs.claimNext("w1", LEASE).orElseThrow().id();

    List<Long> paged = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListRunsResponse page =
          stub()
              .listRuns(
                  ListRunsRequest.newBuilder()
                      .setModel(ModelKind.MODEL_KIND_MLP_1X512)
                      .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                      .setPageSize(2)
                      .setPageToken(token)
                      .build());
      page.getRunsList().forEach(r -> paged.add(r.getRunId()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    assertThat(paged).containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(pages).isEqualTo(3);
    assertThat(
            stub()
                .listRuns(
                    ListRunsRequest.newBuilder().addStatuses(RunStatus.RUN_STATUS_RUNNING).build())
                .getRunsList())
        .extracting(Run::getRunId)
        .containsExactly(running);
    assertThat(
            stub()
                .listRuns(
                    ListRunsRequest.newBuilder()
                        .setModel(ModelKind.MODEL_KIND_ALEXNET_SMALL)
                        .build())
                .getRunsList())
        .extracting(Run::getDisplayName)
        .containsExactly("alexnet_small true_labels seed=0");
    assertInvalid(
        "page_token",
        () -> stub().listRuns(ListRunsRequest.newBuilder().setPageToken("garbage!").build()));
    assertInvalid(
        "page_size", () -> stub().listRuns(ListRunsRequest.newBuilder().setPageSize(1001).build()));
  }

  @Test
  void cancellingAQueuedRunEndsItAndAnEndedRunCannotBeCancelled() {
    long id = submit("r1", mlp(0)).getRunId();
    CancelRunRequest cancel = CancelRunRequest.newBuilder().setRunId(id).build();

    Run cancelled = stub().cancelRun(cancel);

    assertThat(cancelled.getStatus()).isEqualTo(RunStatus.RUN_STATUS_CANCELLED);
    assertThat(cancelled.hasFinishedAt()).isTrue();
    assertThat(runs.claimNext("w1", LEASE)).isEmpty();
    assertCode(Status.Code.FAILED_PRECONDITION, () -> stub().cancelRun(cancel));
    assertCode(
        Status.Code.NOT_FOUND,
        () -> stub().cancelRun(CancelRunRequest.newBuilder().setRunId(404).build()));
  }

  @Test
  void cancellingARunningRunAsksItsWorkerToStop() {
    long id = submit("r1", mlp(0)).getRunId();
    runs.claimNext("w1", LEASE).orElseThrow();

    Run run = stub().cancelRun(CancelRunRequest.newBuilder().setRunId(id).build());

    assertThat(run.getStatus()).isEqualTo(RunStatus.RUN_STATUS_RUNNING);
    assertThat(runs.isCancelRequested(id)).isTrue();
  }

  private static EpochMetrics epoch(int n) {
    return new EpochMetrics(n, 2.0 / n, 0.1 * n, 0.01, 1000, 1.5, 10L * n);
  }

  @Test
  void lateWatcherGetsTheHistoryThenLiveEpochsUntilTheRunEnds() {
    long id = submit("r1", mlp(0)).getRunId();
    runs.claimNext("w1", LEASE).orElseThrow();
    epochs.record(id, "w1", epoch(1));
    epochs.record(id, "w1", epoch(2));

    Iterator<RunEvent> events =
        TrainerServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .watchRun(WatchRunRequest.newBuilder().setRunId(id).build());

    RunEvent first = events.next();
    assertThat(first.getEpoch().getEpoch()).isEqualTo(1);
    assertThat(first.getRun().getLatest().getEpoch()).isEqualTo(1);
    assertThat(events.next().getEpoch().getEpoch()).isEqualTo(2);
    RunEvent status = events.next();
    assertThat(status.hasEpoch()).isFalse();
    assertThat(status.getRun().getStatus()).isEqualTo(RunStatus.RUN_STATUS_RUNNING);
    assertThat(status.getRun().getEpochsCompleted()).isEqualTo(2);

    epochs.record(id, "w1", epoch(3));
    RunEvent live = events.next();
    assertThat(live.getEpoch().getEpoch()).isEqualTo(3);
    assertThat(live.getEpoch().getTrainAccuracy()).isEqualTo(epoch(3).trainAccuracy());

    runs.finish(id, "w1", dev.gengap.store.RunStatus.SUCCEEDED, "");
    RunEvent end = events.next();
    assertThat(end.getRun().getStatus()).isEqualTo(RunStatus.RUN_STATUS_SUCCEEDED);
    assertThat(end.getRun().getEpochsCompleted()).isEqualTo(3);
    assertThat(events.hasNext()).isFalse();
  }

  @Test
  void watchingAnEndedRunReplaysItAndEnds() {
    long id = submit("r1", mlp(0)).getRunId();
    runs.claimNext("w1", LEASE).orElseThrow();
    epochs.record(id, "w1", epoch(1));
    runs.finish(id, "w1", dev.gengap.store.RunStatus.FAILED, "boom");

    List<RunEvent> events = new ArrayList<>();
    stub()
        .watchRun(WatchRunRequest.newBuilder().setRunId(id).build())
        .forEachRemaining(events::add);

    assertThat(events).hasSize(2);
    assertThat(events.get(0).getRun().getStatus())
        .as("only the last event shows the ended run")
        .isEqualTo(RunStatus.RUN_STATUS_RUNNING);
    assertThat(events.get(1).getRun().getStatus()).isEqualTo(RunStatus.RUN_STATUS_FAILED);
    assertThat(events.get(1).getRun().getError()).isEqualTo("boom");
    assertCode(
        Status.Code.NOT_FOUND,
        () ->
            stub()
                .watchRun(WatchRunRequest.newBuilder().setRunId(404).build())
                .forEachRemaining(e -> {}));
  }

  @Test
  void sweepQueuesItsRunsOnceAndIsListed() {
    CreateSweepRequest request =
        CreateSweepRequest.newBuilder()
            .setRequestId("sweep-1")
            .setName("figure 1c")
            .addSpecs(mlp(1))
            .addSpecs(mlp(2))
            .addSpecs(mlp(3))
            .build();

    Sweep sweep = stub().createSweep(request);
    Sweep retry = stub().createSweep(request);

    assertThat(sweep.getRunIdsList()).hasSize(3);
    assertThat(retry).isEqualTo(sweep);
    assertThat(stub().getSweep(GetSweepRequest.newBuilder().setSweepId(sweep.getSweepId()).build()))
        .isEqualTo(sweep);
    assertThat(stub().listSweeps(ListSweepsRequest.getDefaultInstance()).getSweepsList())
        .containsExactly(sweep);
    assertThat(
            stub()
                .listRuns(ListRunsRequest.newBuilder().setSweepId(sweep.getSweepId()).build())
                .getRunsList())
        .extracting(r -> r.getSpec().getData().getSeed())
        .containsExactly(3L, 2L, 1L);
    assertThat(runs.queueDepth()).isEqualTo(3);
  }

  @Test
  void sweepWithAnInvalidSpecNamesItAndQueuesNothing() {
    CreateSweepRequest request =
        CreateSweepRequest.newBuilder()
            .setRequestId("sweep-1")
            .setName("bad")
            .addSpecs(mlp(1))
            .addSpecs(mlp(2).toBuilder().setRecipe(TrainingRecipe.newBuilder().setLr0(-1)))
            .build();

    assertInvalid("specs[1].recipe.lr0", () -> stub().createSweep(request));
    assertInvalid("name", () -> stub().createSweep(request.toBuilder().setName("").build()));
    assertCode(
        Status.Code.NOT_FOUND,
        () -> stub().getSweep(GetSweepRequest.newBuilder().setSweepId(1).build()));
    assertThat(runs.queueDepth()).isZero();
  }

  @Test
  void databaseOutageIsUnavailable() {
    PGSimpleDataSource down = new PGSimpleDataSource();
    down.setUrl("jdbc:postgresql://127.0.0.1:1/none");
    RunQueue queue =
        new RunQueue(
            new RunRepository(down, clock),
            new EpochRepository(down, clock),
            new SweepRepository(down, clock));
    TrainerGrpcService service =
        new TrainerGrpcService(queue, new RunWatcher(queue, scheduler, Duration.ofMillis(20)));
    var observer =
        new io.grpc.stub.StreamObserver<Run>() {
          Throwable error;

          @Override
          public void onNext(Run value) {}

          @Override
          public void onError(Throwable t) {
            error = t;
          }

          @Override
          public void onCompleted() {}
        };

    service.getRun(GetRunRequest.newBuilder().setRunId(1).build(), observer);

    assertThat(Status.fromThrowable(observer.error).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }
}
