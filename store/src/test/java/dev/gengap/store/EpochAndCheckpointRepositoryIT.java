package dev.gengap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class EpochAndCheckpointRepositoryIT {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final SettableClock clock = new SettableClock();
  private final RunRepository runs;
  private final EpochRepository epochs;
  private final CheckpointRepository checkpoints;

  EpochAndCheckpointRepositoryIT(DataSource dataSource) {
    runs = new RunRepository(dataSource, clock);
    epochs = new EpochRepository(dataSource, clock);
    checkpoints = new CheckpointRepository(dataSource, clock, 2);
  }

  private long claimedRun() {
    runs.submit("a", TestSpecs.mlp(1));
    return runs.claimNext("w1", LEASE).orElseThrow().id();
  }

  private static EpochMetrics epoch(int n, double loss, double accuracy) {
    return new EpochMetrics(n, loss, accuracy, 0.01 * Math.pow(0.95, n - 1), 900.5, 1.25, n * 4L);
  }

  @Test
  void epochsRoundTripAndAdvanceTheRun() {
    long id = claimedRun();
    List<EpochMetrics> recorded =
        List.of(
            epoch(1, 2.1, 0.3),
            epoch(2, 0.09, 0.995).withTest(new EpochMetrics.TestMeasurement(0.42, 1.75)),
            epoch(3, 0.05, 1.0));
    for (EpochMetrics m : recorded) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(epochs.record(id, "w1", m)).isTrue();
    }

    assertThat(epochs.history(id)).extracting(EpochRow::metrics).isEqualTo(recorded);
    assertThat(epochs.history(id).get(2).recordedAt()).isEqualTo(clock.instant());
    assertThat(epochs.after(id, 1, 1))
        .extracting(EpochRow::metrics)
        .containsExactly(
            epoch(2, 0.09, 0.995).withTest(new EpochMetrics.TestMeasurement(0.42, 1.75)));
    assertThat(epochs.latest(List.of(id, 999L))).containsOnlyKeys(id);
    assertThat(epochs.latest(List.of(id)).get(id).metrics().epoch()).isEqualTo(3);
    RunRow run = runs.find(id).orElseThrow();
    assertThat(run.epochsCompleted()).isEqualTo(3);
    assertThat(run.stepsTo99TrainAccuracy()).as("first epoch with acc >= 0.99").isEqualTo(8);
    assertThat(run.stepsToTrainLoss01()).as("first epoch with loss <= 0.1").isEqualTo(8);
  }

  @Test
  void epochOfALostLeaseIsNotRecorded() {
    long id = claimedRun();
    clock.advance(LEASE.plusSeconds(1));
    runs.claimNext("w2", LEASE).orElseThrow();

    assertThat(epochs.record(id, "w1", epoch(1, 2.0, 0.2))).isFalse();
    assertThat(epochs.history(id)).isEmpty();
  }

  @Test
  void resumeDiscardsEpochsAfterTheCheckpointAndReplacesThem() {
    long id = claimedRun();
    epochs.record(id, "w1", epoch(1, 2.0, 0.2));
    epochs.record(id, "w1", epoch(2, 0.05, 0.999));

    assertThat(epochs.discardAfter(id, "w1", 1)).isTrue();
    RunRow rewound = runs.find(id).orElseThrow();
    assertThat(rewound.epochsCompleted()).isEqualTo(1);
    assertThat(rewound.stepsTo99TrainAccuracy()).isZero();

    epochs.record(id, "w1", epoch(2, 1.5, 0.4));
    assertThat(epochs.history(id))
        .extracting(e -> e.metrics().trainLoss())
        .containsExactly(2.0, 1.5);
  }

  @Test
  void checkpointsRoundTripAndOnlyTheNewestAreKept() {
    long id = claimedRun();
    for (int e = 1; e <= 4; e++) {
      assertThat(checkpoints.save(id, "w1", e, new byte[] {(byte) e, 42})).isTrue();
    }

    Checkpoint latest = checkpoints.latest(id).orElseThrow();
    assertThat(latest.epoch()).isEqualTo(4);
    assertThat(latest.blob()).containsExactly(4, 42);
    assertThat(latest.createdAt()).isEqualTo(clock.instant());
    assertThat(checkpoints.epochs(id)).containsExactly(3, 4);
    assertThat(checkpoints.at(id, 3).orElseThrow().blob()).containsExactly(3, 42);
    assertThat(checkpoints.at(id, 1)).isEmpty();
    assertThat(runs.find(id).orElseThrow().checkpointEpoch()).isEqualTo(4);
  }

  @Test
  void largeCheckpointSurvivesTheRoundTrip() {
    long id = claimedRun();
    byte[] blob = new byte[5_000_000];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) (i * 31);
    }
    checkpoints.save(id, "w1", 1, blob);

    assertThat(checkpoints.latest(id).orElseThrow().blob()).isEqualTo(blob);
  }

  @Test
  void checkpointOfALostLeaseIsNotSaved() {
    long id = claimedRun();
    runs.release(id, "w1");

    assertThat(checkpoints.save(id, "w1", 1, new byte[] {1})).isFalse();
    assertThat(checkpoints.latest(id)).isEmpty();
  }
}
