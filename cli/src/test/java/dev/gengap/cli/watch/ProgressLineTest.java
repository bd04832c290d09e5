package dev.gengap.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.EpochMetrics;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.TrainingRecipe;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static Run run(int maxEpochs, EpochMetrics latest) {
    return Run.newBuilder()
        .setRunId(17)
        .setStatus(RunStatus.RUN_STATUS_RUNNING)
        .setSpec(
            RunSpec.newBuilder().setRecipe(TrainingRecipe.newBuilder().setMaxEpochs(maxEpochs)))
        .setEpochsCompleted(latest.getEpoch())
        .setLatest(latest)
        .build();
  }

  private static EpochMetrics epoch(int epoch, double wallSeconds) {
    return EpochMetrics.newBuilder()
        .setEpoch(epoch)
        .setTrainLoss(1.23456)
        .setTrainAccuracy(0.4567)
        .setSamplesPerSecond(3210.4)
        .setWallSeconds(wallSeconds)
        .build();
  }

  @Test
  void rendersBarEpochLossAccuracySpeedAndEta() {
    // 38 epochs left at 11.5 s each = 437 s.
    assertThat(ProgressLine.render(run(50, epoch(12, 11.5))))
        .isEqualTo(
            "run 17 [####----------------] epoch 12/50  loss 1.2346  acc 45.67%"
                + "  3,210 samples/s  ETA 7m17s");
  }

  @Test
  void showsTestAccuracyOnEpochsThatMeasuredIt() {
    EpochMetrics measured = epoch(12, 11.5).toBuilder().setTestAccuracy(0.412).build();

    assertThat(ProgressLine.render(run(50, measured)))
        .contains("acc 45.67%  test acc 41.20%  3,210 samples/s");
  }

  @Test
  void etaInHoursAndAtTheEnd() {
    assertThat(ProgressLine.render(run(150, epoch(1, 60)))).endsWith("ETA 2h29m");
    assertThat(ProgressLine.render(run(150, epoch(150, 60))))
        .startsWith("run 17 [####################] epoch 150/150")
        .endsWith("ETA 0s");
  }

  @Test
  void withoutAnEpochShowsTheStatus() {
    Run queued = Run.newBuilder().setRunId(3).setStatus(RunStatus.RUN_STATUS_QUEUED).build();

    assertThat(ProgressLine.render(queued)).isEqualTo("run 3 QUEUED");
  }

  @Test
  void summaryNamesTheFinalStatusAndError() {
    Run failed =
        run(50, epoch(2, 1)).toBuilder()
            .setStatus(RunStatus.RUN_STATUS_FAILED)
            .setError("out of memory")
            .build();

    assertThat(ProgressLine.summary(failed))
        .isEqualTo("run 17 FAILED after 2 epochs (train acc 45.67%, loss 1.2346): out of memory");
  }
}
