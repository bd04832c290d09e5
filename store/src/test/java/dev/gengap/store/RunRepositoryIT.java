package dev.gengap.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class RunRepositoryIT {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final DataSource dataSource;
  private final SettableClock clock = new SettableClock();
  private final RunRepository runs;

  RunRepositoryIT(DataSource dataSource) {
    this.dataSource = dataSource;
    this.runs = new RunRepository(dataSource, clock);
  }

  @Test
  void submitStoresTheSpecAndFilterColumns() {
    NewRun newRun =
        TestSpecs.newRun(
            ModelKind.MODEL_KIND_MLP_3X512, CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS, 7);

    Submission submission = runs.submit("req-1", newRun);

    RunRow run = submission.run();
    assertThat(submission.created()).isTrue();
    assertThat(run.id()).isPositive();
    assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(run.spec()).isEqualTo(newRun.spec());
    assertThat(run.requestId()).contains("req-1");
    assertThat(run.createdAt()).isEqualTo(clock.instant());
    assertThat(run.startedAt()).isEmpty();
    assertThat(runs.find(run.id())).contains(run);
  }

  @Test
  void submitIsIdempotentOnRequestId() {
    RunRow first = runs.submit("same", TestSpecs.mlp(1)).run();

    Submission retry = runs.submit("same", TestSpecs.mlp(2));

    assertThat(retry.created()).isFalse();
    assertThat(retry.run()).isEqualTo(first);
    assertThat(runs.list(RunFilter.ALL, OptionalLong.empty(), 10)).hasSize(1);
  }

  @Test
  void claimTakesTheOldestQueuedRunFirst() {
    long first = runs.submit("a", TestSpecs.mlp(1)).run().id();
    long second = runs.submit("b", TestSpecs.mlp(2)).run().id();

    RunRow claimed = runs.claimNext("w1", LEASE).orElseThrow();

    assertThat(claimed.id()).isEqualTo(first);
    assertThat(claimed.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(claimed.worker()).isEqualTo("w1");
    assertThat(claimed.attempts()).isEqualTo(1);
    assertThat(claimed.startedAt()).contains(clock.instant());
    assertThat(claimed.leaseExpiresAt()).contains(clock.instant().plus(LEASE));
    assertThat(runs.claimNext("w2", LEASE).orElseThrow().id()).isEqualTo(second);
    assertThat(runs.claimNext("w3", LEASE)).isEmpty();
  }

  @Test
  void claimSkipsRunLockedByAnotherTrainer() throws Exception {
    long locked = runs.submit("a", TestSpecs.mlp(1)).run().id();
    long free = runs.submit("b", TestSpecs.mlp(2)).run().id();

    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("SELECT id FROM runs WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, locked);
        lock.executeQuery().close();
      }

      // Would block on the locked row without SKIP LOCKED; instead it takes the next one.
      assertThat(runs.claimNext("w1", LEASE).map(RunRow::id)).contains(free);
      other.rollback();
    }
    assertThat(runs.claimNext("w2", LEASE).map(RunRow::id)).contains(locked);
  }

  @Test
  void concurrentTrainersClaimEveryRunExactlyOnce() throws Exception {
    int runCount = 24;
    for (int i = 0; i < runCount; i++) {
      runs.submit("r" + i, TestSpecs.mlp(i));
    }
    List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService trainers = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String worker = "w" + w;
        workers.add(
            () -> {
              Optional<RunRow> run;
              while ((run = runs.claimNext(worker, LEASE)).isPresent()) {
                claimed.add(run.get().id());
              }
              return null;
            });
      }
      for (Future<Void> done : trainers.invokeAll(workers)) {
        done.get();
      }
    } finally {
      trainers.shutdownNow();
    }
    assertThat(claimed).hasSize(runCount).doesNotHaveDuplicates();
  }

  @Test
  void gpuWorkersClaimOnlyRunsWhoseTf32SettingTheirProcessHas() {
    long tf32 = submit("tf32", spec -> spec.setAllowTf32(true));
    long full = submit("full", spec -> spec.setAllowTf32(false));
    long cpuOnly = submit("cpu", spec -> spec.setDevice(Device.DEVICE_CPU));

    assertThat(runs.claimNext("off", LEASE, Capabilities.gpu(false)).map(RunRow::id))
        .contains(full);
    assertThat(runs.claimNext("off", LEASE, Capabilities.gpu(false)).map(RunRow::id))
        .as("a run pinned to the CPU does not depend on the GPU's TF32 mode")
        .contains(cpuOnly);
    assertThat(runs.claimNext("off", LEASE, Capabilities.gpu(false)))
        .as("a TF32-off trainer never claims a TF32 run")
        .isEmpty();
    assertThat(runs.release(full, "off")).isTrue();
    assertThat(runs.release(cpuOnly, "off")).isTrue();

    assertThat(runs.claimNext("on", LEASE, Capabilities.gpu(true)).map(RunRow::id)).contains(tf32);
    assertThat(runs.claimNext("on", LEASE, Capabilities.gpu(true)).map(RunRow::id))
        .as("the CPU run, not the full-float32 one")
        .contains(cpuOnly);
    assertThat(runs.claimNext("on", LEASE, Capabilities.gpu(true)))
        .as("a TF32-on trainer never claims a run without TF32")
        .isEmpty();

    assertThat(runs.claimNext("cpu", LEASE, Capabilities.CPU).map(RunRow::id))
        .as("TF32 does not apply on a CPU worker")
        .contains(full);
  }

  private long submit(String requestId, java.util.function.Consumer<RunSpec.Builder> change) {
    NewRun run = TestSpecs.mlp(1);
    RunSpec.Builder spec = run.spec().toBuilder();
    change.accept(spec);
    return runs.submit(requestId, new NewRun(spec.build(), run.displayName())).run().id();
  }

  @Test
  void runWithExpiredLeaseIsClaimedByAnotherWorker() {
    long id = runs.submit("a", TestSpecs.mlp(1)).run().id();
    runs.claimNext("dead", LEASE).orElseThrow();

    clock.advance(LEASE.minusSeconds(1));
    assertThat(runs.claimNext("w2", LEASE)).as("lease still live").isEmpty();

    clock.advance(Duration.ofSeconds(2));
    RunRow resumed = runs.claimNext("w2", LEASE).orElseThrow();

    assertThat(resumed.id()).isEqualTo(id);
    assertThat(resumed.worker()).isEqualTo("w2");
    assertThat(resumed.attempts()).isEqualTo(2);
    assertThat(resumed.leaseExpiresAt()).contains(clock.instant().plus(LEASE));
  }

  @Test
  void renewFailsAfterTheLeaseWasLost() {
    long id = runs.submit("a", TestSpecs.mlp(1)).run().id();
    runs.claimNext("w1", LEASE).orElseThrow();
    assertThat(runs.renewLease(id, "w1", LEASE)).isTrue();

    clock.advance(LEASE.plusSeconds(1));
    runs.claimNext("w2", LEASE).orElseThrow();

    assertThat(runs.renewLease(id, "w1", LEASE)).isFalse();
    assertThat(runs.finish(id, "w1", RunStatus.SUCCEEDED, "")).isFalse();
    assertThat(runs.renewLease(id, "w2", LEASE)).isTrue();
  }

  @Test
  void renewExtendsTheLeaseFromNow() {
    long id = runs.submit("a", TestSpecs.mlp(1)).run().id();
    runs.claimNext("w1", LEASE).orElseThrow();

    clock.advance(Duration.ofSeconds(20));
    assertThat(runs.renewLease(id, "w1", LEASE)).isTrue();
    clock.advance(Duration.ofSeconds(20));

    assertThat(runs.claimNext("w2", LEASE)).as("renewed lease still live").isEmpty();
    assertThat(runs.find(id).orElseThrow().leaseExpiresAt())
        .contains(clock.instant().plusSeconds(10));
  }

  @Test
  void finishEndsTheRunAndKeepsTheError() {
    long id = runs.submit("a", TestSpecs.mlp(1)).run().id();
    runs.claimNext("w1", LEASE).orElseThrow();
    assertThat(
            runs.recordStart(
                id, "w1", new RunSetup("MXNET", "cpu()", 1_209_866, "abc", "NOT_APPLICABLE")))
        .isTrue();
    clock.advance(Duration.ofMinutes(5));

    assertThat(runs.finish(id, "w1", RunStatus.FAILED, "out of memory")).isTrue();

    RunRow run = runs.find(id).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error()).isEqualTo("out of memory");
    assertThat(run.finishedAt()).contains(clock.instant());
    assertThat(run.leaseExpiresAt()).isEmpty();
    assertThat(run.engine()).isEqualTo("MXNET");
    assertThat(run.device()).isEqualTo("cpu()");
    assertThat(run.parameterCount()).isEqualTo(1_209_866);
    assertThat(run.trainContentHash()).isEqualTo("abc");
    assertThat(run.tf32()).isEqualTo("NOT_APPLICABLE");
    clock.advance(LEASE.multipliedBy(2));
    assertThat(runs.claimNext("w2", LEASE)).as("ended runs are never claimed").isEmpty();
  }

  @Test
  void cancellingAQueuedRunEndsItAtOnce() {
    long id = runs.submit("a", TestSpecs.mlp(1)).run().id();

    RunRow cancelled = runs.requestCancel(id).orElseThrow();

    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(cancelled.finishedAt()).contains(clock.instant());
    assertThat(runs.claimNext("w1", LEASE)).isEmpty();
    assertThat(runs.requestCancel(id)).as("already ended").isEmpty();
  }

  @Test
  void cancellingARunningRunFlagsItForItsWorker() {
    long id = runs.submit("a", TestSpecs.mlp(1)).run().id();
    runs.claimNext("w1", LEASE).orElseThrow();

    RunRow flagged = runs.requestCancel(id).orElseThrow();

    assertThat(flagged.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(runs.isCancelRequested(id)).isTrue();
    assertThat(runs.finish(id, "w1", RunStatus.CANCELLED, "")).isTrue();
    assertThat(runs.find(id).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void reapRequeuesExpiredRunsAndEndsCancelledOnes() {
    long plain = runs.submit("a", TestSpecs.mlp(1)).run().id();
    long cancelled = runs.submit("b", TestSpecs.mlp(2)).run().id();
    runs.claimNext("w1", LEASE).orElseThrow();
    runs.claimNext("w1", LEASE).orElseThrow();
    runs.requestCancel(cancelled).orElseThrow();

    assertThat(runs.reapExpired()).isZero();
    clock.advance(LEASE.plusSeconds(1));
    assertThat(runs.reapExpired()).isEqualTo(2);

    assertThat(runs.find(plain).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
    assertThat(runs.find(cancelled).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(runs.queueDepth()).isEqualTo(1);
  }

  @Test
  void releaseHandsTheRunBackToTheQueue() {
    long id = runs.submit("a", TestSpecs.mlp(1)).run().id();
    runs.claimNext("w1", LEASE).orElseThrow();

    assertThat(runs.release(id, "w1")).isTrue();

    assertThat(runs.claimNext("w2", LEASE).map(RunRow::id)).contains(id);
    assertThat(runs.release(id, "w1")).as("not w1's any more").isFalse();
  }

  @Test
  void countsByStatusIncludeEveryStatus() {
    runs.submit("a", TestSpecs.mlp(1));
    runs.submit("b", TestSpecs.mlp(2));
    long id = runs.claimNext("w1", LEASE).orElseThrow().id();
    runs.finish(id, "w1", RunStatus.SUCCEEDED, "");

    assertThat(runs.countByStatus())
        .containsEntry(RunStatus.QUEUED, 1L)
        .containsEntry(RunStatus.SUCCEEDED, 1L)
        .containsEntry(RunStatus.RUNNING, 0L)
        .containsEntry(RunStatus.FAILED, 0L)
        .containsEntry(RunStatus.CANCELLED, 0L);
  }

  @Test
  void listPagesNewestFirstThroughTheFilter() {
    for (int i = 0; i < 7; i++) {
      CorruptionKind corruption =
          i % 2 == 0
              ? CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS
              : CorruptionKind.CORRUPTION_KIND_TRUE_LABELS;
      runs.submit("r" + i, TestSpecs.newRun(ModelKind.MODEL_KIND_MLP_1X512, corruption, i));
    }
    RunFilter random =
        new RunFilter(
            Set.of(RunStatus.QUEUED),
            OptionalLong.empty(),
            Optional.of(ModelKind.MODEL_KIND_MLP_1X512),
            Optional.of(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS));

    List<RunRow> page1 = runs.list(random, OptionalLong.empty(), 3);
    List<RunRow> page2 = runs.list(random, OptionalLong.of(page1.get(2).id()), 3);

    assertThat(page1).extracting(RunRow::id).containsExactly(7L, 5L, 3L);
    assertThat(page2).extracting(RunRow::id).containsExactly(1L);
    assertThat(
            runs.list(
                new RunFilter(
                    Set.of(RunStatus.RUNNING),
                    OptionalLong.empty(),
                    Optional.empty(),
                    Optional.empty()),
                OptionalLong.empty(),
                10))
        .isEmpty();
  }
}
