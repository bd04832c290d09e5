package dev.gengap.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.EpochMetrics;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.TrainingRecipe;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunsTableTest {
  @Test
  void alignsColumns() {
    Run running =
        Run.newBuilder()
            .setRunId(12)
            .setStatus(RunStatus.RUN_STATUS_RUNNING)
            .setDisplayName("mlp_1x512 partial p=0.2")
            .setSweepId(3)
            .setCreatedAt(Timestamp.newBuilder().setSeconds(1_767_225_600L)) // 2026-01-01 00:00Z
            .setSpec(
                RunSpec.newBuilder()
                    .setData(
                        DataSpec.newBuilder()
                            .setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                            .setCorruptionProbability(0.2))
                    .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP_1X512))
                    .setRecipe(TrainingRecipe.newBuilder().setMaxEpochs(150)))
            .setEpochsCompleted(4)
            .setLatest(EpochMetrics.newBuilder().setTrainLoss(1.5).setTrainAccuracy(0.5))
            .build();
    Run queued =
        Run.newBuilder()
            .setRunId(9)
            .setStatus(RunStatus.RUN_STATUS_QUEUED)
            .setSpec(
                RunSpec.newBuilder()
                    .setData(
                        DataSpec.newBuilder()
                            .setCorruption(CorruptionKind.CORRUPTION_KIND_GAUSSIAN))
                    .setModel(ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_INCEPTION_SMALL)))
            .build();

    assertThat(RunsTable.render(List.of(running, queued)))
        .isEqualTo(
            """
            ID  STATUS   MODEL            CORRUPTION      P    EPOCH  LOSS    TRAIN_ACC  SWEEP  CREATED           NAME
            12  RUNNING  MLP_1X512        PARTIAL_LABELS  0.2  4/150  1.5000  50.00%     3      2026-01-01 00:00  mlp_1x512 partial p=0.2
            9   QUEUED   INCEPTION_SMALL  GAUSSIAN        -    0      -       -          -      -
            """);
  }
}
