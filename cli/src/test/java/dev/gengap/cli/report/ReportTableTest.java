package dev.gengap.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.Table;
import dev.gengap.proto.v1.TableRow;
import org.junit.jupiter.api.Test;

class ReportTableTest {
  static final Table TABLE =
      Table.newBuilder()
          .addRows(
              TableRow.newBuilder()
                  .setRunId(7)
                  .setDisplayName("mlp_1x512 true labels")
                  .setModel(ModelKind.MODEL_KIND_MLP_1X512)
                  .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                  .setStatus(RunStatus.RUN_STATUS_SUCCEEDED)
                  .setEpochs(150)
                  .setTrainSubset(10000)
                  .setHasEvaluation(true)
                  .setTrainAccuracy(0.99975)
                  .setTestAccuracy(0.446)
                  .setAccuracyGap(0.55375))
          .addRows(
              TableRow.newBuilder()
                  .setRunId(8)
                  .setDisplayName("partial, p=0.4")
                  .setModel(ModelKind.MODEL_KIND_INCEPTION_SMALL)
                  .setBatchNorm(false)
                  .setCorruption(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                  .setCorruptionProbability(0.4)
                  .setWeightDecay(true)
                  .setRandomCrop(true)
                  .setStatus(RunStatus.RUN_STATUS_RUNNING)
                  .setEpochs(3))
          .build();

  @Test
  void rendersMarkdown() {
    assertThat(ReportTable.render(TABLE, ReportFormat.MARKDOWN))
        .isEqualTo(
            """
            | Run | Name | Model | Corruption | p | Subset | Weight decay | Random crop | Status | Epochs | Train acc. (%) | Test acc. (%) | Gap (pp) |
            |---|---|---|---|--:|--:|--:|--:|---|--:|--:|--:|--:|
            | 7 | mlp_1x512 true labels | MLP_1X512 | TRUE_LABELS |  | 10000 | no | no | SUCCEEDED | 150 | 99.98 | 44.60 | 55.38 |
            | 8 | partial, p=0.4 | INCEPTION_SMALL (no BN) | PARTIAL_LABELS | 0.4 | all | yes | yes | RUNNING | 3 | - | - | - |
            """);
  }

  @Test
  void rendersCsvWithQuotedNames() {
    assertThat(ReportTable.render(TABLE, ReportFormat.CSV))
        .isEqualTo(
            """
            run_id,display_name,model,batch_norm,corruption,corruption_probability,train_subset,weight_decay,random_crop,status,epochs,train_accuracy,test_accuracy,accuracy_gap,dropout,best_test_accuracy,best_test_epoch,final_test_accuracy,early_stopping_gain
            7,mlp_1x512 true labels,MLP_1X512,false,TRUE_LABELS,0,10000,false,false,SUCCEEDED,150,0.999750,0.446000,0.553750,0,,,,
            8,"partial, p=0.4",INCEPTION_SMALL,false,PARTIAL_LABELS,0.4,0,true,true,RUNNING,3,,,,0,,,,
            """);
  }

  @Test
  void earlyStoppingColumnsAppearWhenARunMeasuredTestAccuracyDuringTraining() {
    Table withCurve =
        TABLE.toBuilder()
            .setRows(
                0,
                TABLE.getRows(0).toBuilder()
                    .setHasTestCurve(true)
                    .setBestTestAccuracy(0.52)
                    .setBestTestEpoch(12)
                    .setFinalTestAccuracy(0.446)
                    .setEarlyStoppingGain(0.074))
            .build();

    String markdown = ReportTable.render(withCurve, ReportFormat.MARKDOWN);
    assertThat(markdown.lines().findFirst().orElseThrow())
        .endsWith("| Best test (%) @ epoch | Early-stopping gain (pp) |");
    assertThat(markdown).contains("| 44.60 | 55.38 | 52.00 @ 12 | 7.40 |");
    assertThat(markdown).contains("| - | - | - | - | - |");
    assertThat(ReportTable.render(withCurve, ReportFormat.CSV))
        .contains(",0.553750,0,0.520000,12,0.446000,0.074000\n");
    assertThat(ReportTable.render(withCurve, ReportFormat.JSON))
        .contains("\"earlyStoppingGain\": 0.074");
  }

  @Test
  void emptyTableIsJustTheHeader() {
    assertThat(ReportTable.render(Table.getDefaultInstance(), ReportFormat.CSV).lines()).hasSize(1);
    assertThat(ReportTable.render(Table.getDefaultInstance(), ReportFormat.MARKDOWN).lines())
        .hasSize(2);
  }
}
