package dev.gengap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.gengap.proto.v1.CancelRunRequest;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.CreateSweepRequest;
import dev.gengap.proto.v1.EpochMetrics;
import dev.gengap.proto.v1.EvaluateRunRequest;
import dev.gengap.proto.v1.Evaluation;
import dev.gengap.proto.v1.EvaluatorServiceGrpc;
import dev.gengap.proto.v1.FigureSeries;
import dev.gengap.proto.v1.GetEvaluationRequest;
import dev.gengap.proto.v1.GetRunRequest;
import dev.gengap.proto.v1.ListRunsRequest;
import dev.gengap.proto.v1.ListRunsResponse;
import dev.gengap.proto.v1.ListSweepsRequest;
import dev.gengap.proto.v1.ListSweepsResponse;
import dev.gengap.proto.v1.LossCurve;
import dev.gengap.proto.v1.LossPoint;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.PaperFigures;
import dev.gengap.proto.v1.PaperTable;
import dev.gengap.proto.v1.ReportRequest;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.RunEvent;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.RunStatus;
import dev.gengap.proto.v1.SubmitRunRequest;
import dev.gengap.proto.v1.Sweep;
import dev.gengap.proto.v1.Table;
import dev.gengap.proto.v1.TableRow;
import dev.gengap.proto.v1.TestErrorPoint;
import dev.gengap.proto.v1.TrainerServiceGrpc;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.proto.v1.WatchRunRequest;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract test of the client: the real CLI against a real gRPC server on a free localhost port
 * that answers TrainerService and EvaluatorService the way the contracts say, with small in-test
 * implementations. The real services are driven end to end elsewhere.
 */
class CliContractIT {
  static final long UNANSWERED_RUN = 5;
  static final long MISSING_RUN = 99;

  @TempDir Path dir;

  final ContractTrainer trainer = new ContractTrainer();
  final ContractEvaluator evaluator = new ContractEvaluator();
  Server server;
  String target;

  @BeforeEach
  void startServer() throws IOException {
    server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(trainer)
            .addService(evaluator)
            .build()
            .start();
    target = "localhost:" + server.getPort();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  CliRunner.Result gengap(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--trainer";
    all[args.length + 1] = target;
    all[args.length + 2] = "--evaluator";
    all[args.length + 3] = target;
    return CliRunner.run(all);
  }

  @Test
  void submitSendsTheFileWithFlagsOverItAndPrintsTheRunId() throws IOException {
    Path spec =
        Files.writeString(
            dir.resolve("spec.yaml"),
            "data: {corruption: PARTIAL_LABELS, corruption_probability: 0.2}\n"
                + "model: {kind: MLP_1X512}\n");

    CliRunner.Result result =
        gengap("submit", "--spec", spec.toString(), "--p", "0.6", "--request-id", "req-1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out()).isEqualTo("41\n");
    SubmitRunRequest received = trainer.submitted.get(0);
    assertThat(received.getRequestId()).isEqualTo("req-1");
    assertThat(received.getSpec().getData().getCorruption())
        .isEqualTo(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS);
    assertThat(received.getSpec().getData().getCorruptionProbability()).isEqualTo(0.6);
    assertThat(received.getSpec().getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_MLP_1X512);
  }

  @Test
  void submitTakesTheKernelFieldsAsFlagsAndListsEveryModelKindInItsHelp() {
    CliRunner.Result result =
        gengap(
            "submit",
            "--model",
            "kernel_rbf",
            "--corruption",
            "true_labels",
            "--dataset",
            "fashion-mnist",
            "--gamma",
            "0.01",
            "--ridge",
            "1e-3",
            "--allow-tf32");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    RunSpec sent = trainer.submitted.get(0).getSpec();
    assertThat(sent.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_KERNEL_RBF);
    assertThat(sent.getModel().hasGamma()).isTrue();
    assertThat(sent.getModel().getGamma()).isEqualTo(0.01);
    assertThat(sent.getModel().getRidge()).isEqualTo(1e-3);
    assertThat(sent.getAllowTf32()).isTrue();
    assertThat(gengap("submit", "--help").out())
        .contains("KERNEL_RBF", "LINEAR_LEAST_SQUARES", "THEOREM1_RELU", "--gamma", "--ridge")
        .contains("SHUFFLED_PIXELS", "GAUSSIAN");
  }

  @Test
  void submitWithoutRequestIdGeneratesOne() {
    gengap("submit", "--model", "mlp_1x512", "--corruption", "random_labels");
    gengap("submit", "--model", "mlp_1x512", "--corruption", "random_labels");

    assertThat(trainer.submitted).hasSize(2);
    assertThat(trainer.submitted.get(0).getRequestId())
        .isNotBlank()
        .isNotEqualTo(trainer.submitted.get(1).getRequestId());
  }

  @Test
  void invalidArgumentIsOneLineNamingTheField() {
    CliRunner.Result result =
        gengap("submit", "--model", "mlp_1x512", "--corruption", "partial_labels", "--p", "1.5");

    assertThat(result.exitCode()).isEqualTo(ExitCode.REJECTED);
    assertThat(result.err())
        .isEqualTo(
            "gengap: trainer rejected the request:"
                + " data.corruption_probability: must be in [0, 1], was 1.5\n");
  }

  @Test
  void submitWatchFollowsTheRunToSuccess() {
    CliRunner.Result result =
        gengap("submit", "--model", "mlp_1x512", "--corruption", "true_labels", "--watch");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out().lines())
        .containsExactly(
            "41",
            "run 41 RUNNING (mlp_1x512 true labels) on worker-a",
            "run 41 [##########----------] epoch 1/2  loss 2.0000  acc 30.00%  1,000 samples/s"
                + "  ETA 10s",
            "run 41 [####################] epoch 2/2  loss 1.0000  acc 60.00%  1,000 samples/s"
                + "  ETA 0s",
            "run 41 SUCCEEDED after 2 epochs (train acc 60.00%, loss 1.0000)");
  }

  @Test
  void watchResumesADroppedStreamWithoutRepeatingEpochs() {
    trainer.dropFirstWatch = true;

    CliRunner.Result result = gengap("watch", "41");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(trainer.watches).extracting(WatchRunRequest::getAfterEpoch).containsExactly(0, 1);
    assertThat(result.out().lines())
        .containsExactly(
            "run 41 RUNNING (mlp_1x512 true labels) on worker-a",
            "run 41 [##########----------] epoch 1/2  loss 2.0000  acc 30.00%  1,000 samples/s"
                + "  ETA 10s",
            "run 41 [####################] epoch 2/2  loss 1.0000  acc 60.00%  1,000 samples/s"
                + "  ETA 0s",
            "run 41 SUCCEEDED after 2 epochs (train acc 60.00%, loss 1.0000)");
  }

  @Test
  void badTargetIsAUsageErrorWithoutStackTrace() {
    CliRunner.Result result = CliRunner.run("runs", "--trainer", "dns:///[::1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .startsWith("gengap: --trainer: not a gRPC target")
        .doesNotContain("\tat ");
  }

  @Test
  void unknownFlagPrintsTheErrorAndWhereToReadMoreNotTheWholeHelp() {
    CliRunner.Result result = CliRunner.run("runs", "--no-such-flag");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err().lines())
        .first()
        .asString()
        .startsWith("gengap: Unknown option: '--no-such-flag'");
    assertThat(result.err()).contains("try 'gengap runs --help'").doesNotContain("Usage:");
  }

  @Test
  void watchExitsNonZeroWhenTheRunFails() {
    trainer.finalStatus = RunStatus.RUN_STATUS_FAILED;

    CliRunner.Result result = gengap("watch", "41");

    assertThat(result.exitCode()).isEqualTo(ExitCode.RUN_NOT_SUCCEEDED);
    assertThat(result.out())
        .endsWith("run 41 FAILED after 2 epochs (train acc 60.00%, loss 1.0000): boom\n");
  }

  @Test
  void runsFollowsEveryPage() {
    CliRunner.Result result = gengap("runs", "--status", "running,queued");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out().lines()).hasSize(1 + ContractTrainer.RUNS);
    assertThat(trainer.listed).hasSize(3);
    assertThat(trainer.listed.get(0).getStatusesList())
        .containsExactly(RunStatus.RUN_STATUS_RUNNING, RunStatus.RUN_STATUS_QUEUED);
  }

  @Test
  void runsStopsAtTheLimit() {
    CliRunner.Result result = gengap("runs", "--limit", "5", "--model", "mlp_3x512");

    assertThat(result.out().lines()).hasSize(6);
    assertThat(trainer.listed).hasSize(1);
    assertThat(trainer.listed.get(0).getPageSize()).isEqualTo(5);
    assertThat(trainer.listed.get(0).getModel()).isEqualTo(ModelKind.MODEL_KIND_MLP_3X512);
  }

  @Test
  void runsAsJsonPrintOneParsableObjectPerLine() throws InvalidProtocolBufferException {
    CliRunner.Result result = gengap("runs", "--output", "json");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(ContractTrainer.RUNS);
    Run.Builder first = Run.newBuilder();
    JsonFormat.parser().merge(lines.get(0), first);
    assertThat(first.getRunId()).isEqualTo(ContractTrainer.RUNS);
    assertThat(lines.get(0)).startsWith("{\"run_id\":\"250\",").doesNotContain("\n");
  }

  @Test
  void sweepsListsIdsNamesAndRunCounts() {
    CliRunner.Result result = gengap("sweeps");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out().lines())
        .containsExactly(
            "ID  RUNS  CREATED           NAME",
            "4   2     2026-11-30 12:00  label noise",
            "3   6     2026-11-29 12:00  paper table 1");
  }

  @Test
  void sweepsAsJson() throws InvalidProtocolBufferException {
    CliRunner.Result result = gengap("sweeps", "-o", "json");

    assertThat(result.out().lines()).hasSize(2);
    Sweep.Builder sweep = Sweep.newBuilder();
    JsonFormat.parser().merge(result.out().lines().findFirst().orElseThrow(), sweep);
    assertThat(sweep.getSweepId()).isEqualTo(4);
  }

  @Test
  void statusShowsSpecEpochsEvaluationAndError() {
    CliRunner.Result result = gengap("status", "41");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out())
        .startsWith("run 41  SUCCEEDED  mlp_1x512 true labels\n")
        .contains("  epochs     0 of at most 2, checkpoint of epoch 0\n")
        .contains("  spec       {\"recipe\":{\"max_epochs\":2}}\n")
        .contains("  test     44.60%");
  }

  @Test
  void statusOfAFailedRunShowsItsErrorAndAsksNoEvaluation() {
    trainer.finalStatus = RunStatus.RUN_STATUS_FAILED;

    CliRunner.Result result = gengap("status", "41", "--output", "json");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out())
        .startsWith("{\"run\":{\"run_id\":\"41\",\"spec\":")
        .contains("\"status\":\"RUN_STATUS_FAILED\"")
        .endsWith(",\"evaluation\":null}\n");
  }

  @Test
  void evalAndReportAsJson() throws InvalidProtocolBufferException {
    CliRunner.Result eval = gengap("eval", "41", "--output", "json");
    CliRunner.Result report = gengap("report", "41", "--output", "json");

    Evaluation.Builder evaluation = Evaluation.newBuilder();
    JsonFormat.parser().merge(eval.out(), evaluation);
    assertThat(evaluation.getTestAccuracy()).isEqualTo(0.446);
    TableRow.Builder row = TableRow.newBuilder();
    JsonFormat.parser().merge(report.out().lines().findFirst().orElseThrow(), row);
    assertThat(row.getRunId()).isEqualTo(41);
    assertThat(report.out().lines()).hasSize(1);
  }

  @Test
  void cancelOfAnUnknownRunIsNotFound() {
    CliRunner.Result result = gengap("cancel", Long.toString(MISSING_RUN));

    assertThat(result.exitCode()).isEqualTo(ExitCode.REJECTED);
    assertThat(result.err()).isEqualTo("gengap: not found: run 99 does not exist\n");
  }

  @Test
  void cancelPrintsTheNewStatus() {
    CliRunner.Result result = gengap("cancel", "41");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out()).isEqualTo("run 41 CANCELLED\n");
  }

  @Test
  void callPastItsDeadlineFailsWithOneLine() {
    CliRunner.Result result = gengap("cancel", Long.toString(UNANSWERED_RUN), "--deadline", "1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(result.err())
        .isEqualTo("gengap: trainer at " + target + " did not answer within 1 s (--deadline)\n");
  }

  @Test
  void sweepSendsTheExpandedGridAsOneRequest() throws IOException {
    Path grid =
        Files.writeString(
            dir.resolve("grid.yaml"),
            """
            name: label-noise
            base:
              data: {corruption: PARTIAL_LABELS}
              model: {kind: MLP_1X512}
            axes:
              data.corruption_probability: [0, 0.2, 0.4, 0.6, 0.8, 1.0]
            """);

    CliRunner.Result result = gengap("sweep", grid.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out()).isEqualTo("sweep 3 'label-noise': 6 runs (100 101 102 103 104 105)\n");
    CreateSweepRequest request = trainer.sweeps.get(0);
    assertThat(request.getName()).isEqualTo("label-noise");
    assertThat(request.getRequestId()).isNotBlank();
    assertThat(request.getSpecsList())
        .extracting(spec -> spec.getData().getCorruptionProbability())
        .containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
  }

  @Test
  void sweepDryRunPrintsSpecsAndSendsNothing() throws IOException, InvalidProtocolBufferException {
    Path grid =
        Files.writeString(
            dir.resolve("grid.json"),
            "{\"name\": \"m\", \"base\": {\"data\": {\"corruption\": \"TRUE_LABELS\"}},"
                + " \"axes\": {\"model.kind\": [\"MLP_1X512\", \"MLP_3X512\"]}}");

    CliRunner.Result result = gengap("sweep", grid.toString(), "--dry-run");

    // stdout is pure JSON Lines (for jq), each spec resolved as the trainer would store it;
    // the count goes to stderr
    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.err()).isEqualTo("m: 2 runs (dry run: nothing queued)\n");
    List<RunSpec> specs = new java.util.ArrayList<>();
    for (String line : result.out().lines().toList()) {
      RunSpec.Builder parsed = RunSpec.newBuilder();
      JsonFormat.parser().merge(line, parsed);
      specs.add(parsed.build());
    }
    assertThat(specs)
        .extracting(spec -> spec.getModel().getKind())
        .containsExactly(ModelKind.MODEL_KIND_MLP_1X512, ModelKind.MODEL_KIND_MLP_3X512);
    assertThat(specs)
        .allSatisfy(
            spec -> {
              assertThat(spec.getData().getCorruption())
                  .isEqualTo(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);
              // defaults filled in, by the trainer's own rules (the spec module)
              assertThat(spec.getRecipe().getMaxEpochs()).isEqualTo(150);
              assertThat(spec.getRecipe().getLr0()).isEqualTo(0.01);
            });
    assertThat(trainer.sweeps).isEmpty();
  }

  @Test
  void sweepDryRunRejectsWhatTheTrainerWouldNamingTheSpecAndField() throws IOException {
    Path grid =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            name: bad
            base:
              data: {corruption: PARTIAL_LABELS}
              model: {kind: MLP_1X512}
            axes:
              data.corruption_probability: [0.5, 1.5]
            """);

    CliRunner.Result result = gengap("sweep", grid.toString(), "--dry-run");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .startsWith("gengap: " + grid + ": specs[1].data.corruption_probability: ")
        .doesNotContain("Exception");
    assertThat(result.out()).doesNotContain("\n{");
    assertThat(trainer.sweeps).isEmpty();
  }

  @Test
  void evalPrintsTheEvaluation() {
    CliRunner.Result result = gengap("eval", "41");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out())
        .isEqualTo(
            """
            run 41, checkpoint of epoch 150 (evaluated in 12.5 s)
                     accuracy      loss  examples
              train    99.98%    0.0012     10000
              test     44.60%    2.5000     10000
              gap      55.38 pp   2.4988
            """);
  }

  @Test
  void reportWritesCsvForTheSweepAndRuns() throws IOException {
    Path out = dir.resolve("table.csv");

    CliRunner.Result result =
        gengap("report", "--sweep", "3", "41", "--format", "csv", "--out", out.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out()).isEqualTo("wrote 1 rows to " + out + "\n");
    assertThat(evaluator.reports.get(0))
        .isEqualTo(ReportRequest.newBuilder().setSweepId(3).addRunIds(41).build());
    assertThat(Files.readString(out).lines())
        .containsExactly(
            "run_id,display_name,model,batch_norm,corruption,corruption_probability,train_subset,"
                + "weight_decay,random_crop,status,epochs,train_accuracy,test_accuracy,accuracy_gap,"
                + "dropout,best_test_accuracy,best_test_epoch,final_test_accuracy,"
                + "early_stopping_gain",
            "41,mlp random,MLP_1X512,false,RANDOM_LABELS,1,0,false,false,SUCCEEDED,150,"
                + "0.993400,0.106100,0.887300,0,,,,");
  }

  @Test
  void reportPrintsMarkdownByDefault() {
    CliRunner.Result result = gengap("report", "41");

    assertThat(result.out().lines()).hasSize(3);
    assertThat(result.out()).contains("| 41 | mlp random | MLP_1X512 | RANDOM_LABELS | 1 |");
  }

  @Test
  void reportLayoutTable1SetsThePapersNumbersBesideGengaps() {
    CliRunner.Result result = gengap("report", "41", "--layout", "table1");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(evaluator.reports.get(0).getPaperTable()).isEqualTo(PaperTable.PAPER_TABLE_1);
    assertThat(result.out().lines())
        .containsSubsequence(
            "| Table 1: MLP 1x512, true labels, crop no, weight decay no | - | not run | - | - | -"
                + " | 100.00 | - | - | 50.51 | - | - |",
            "| Table 1: MLP 1x512, random labels, crop no, weight decay no | 41 | mlp random | all"
                + " | 150 | 99.34 | 100.00 | -0.66 | 10.61 | 10.00 | 0.61 | - |");
    CliRunner.Result json = gengap("report", "41", "--layout", "table1", "--format", "json");
    assertThat(json.out())
        .contains("\"run_id\": 41")
        .contains("\"paper_test_accuracy\": 0.100000")
        .contains("\"test_difference\": 0.006100");
  }

  @Test
  void reportLayoutTable3ShowsEachKernelRunsDataSetWidthAndNorm() {
    CliRunner.Result result = gengap("report", "41", "--layout", "table3");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out().lines())
        .containsExactly(
            "| Paper row | Run | Name | Subset | Epochs | Train (%) | Paper train (%) | Δ train (pp)"
                + " | Test (%) | Paper test (%) | Δ test (pp) | Data set | γ | RKHS norm | Paper note"
                + " |",
            "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|---|",
            "| Table 3: CIFAR-10, no pre-processing, test error 46.0 % | - | not run | - | - | -"
                + " | - | - | - | 54.00 | - | - | - | - | - |",
            "| (no row in the paper) | 41 | kernel | 10000 | 1 | 100.00 | - | - | 86.22 | - | -"
                + " | fashion-mnist | 0.007370 | 281.3 | - |");
    assertThat(gengap("report", "41", "--layout", "table3", "--format", "csv").out())
        .contains(",dataset,gamma,rkhs_norm,paper_note")
        .contains(",fashion-mnist,0.007370,281.3,");
  }

  @Test
  void plotWritesTheThreeFigures() {
    Path plots = dir.resolve("plots");

    CliRunner.Result result = gengap("plot", "--sweep", "3", "--out-dir", plots.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(plots.resolve("figure1a-training-loss.png")).isNotEmptyFile();
    assertThat(plots.resolve("figure1b-time-to-fit.png")).isNotEmptyFile();
    assertThat(plots.resolve("figure1c-test-error.png")).isNotEmptyFile();
    assertThat(plots.resolve("figure1c-test-error.svg")).content().contains("<svg");
  }

  /** TrainerService as trainer.proto describes it, over a fixed little world of runs. */
  static final class ContractTrainer extends TrainerServiceGrpc.TrainerServiceImplBase {
    static final int RUNS = 250;

    final List<SubmitRunRequest> submitted = new CopyOnWriteArrayList<>();
    final List<ListRunsRequest> listed = new CopyOnWriteArrayList<>();
    final List<CreateSweepRequest> sweeps = new CopyOnWriteArrayList<>();
    final List<WatchRunRequest> watches = new CopyOnWriteArrayList<>();
    volatile RunStatus finalStatus = RunStatus.RUN_STATUS_SUCCEEDED;
    // The first watch breaks off after epoch 1, as when the trainer restarts mid-stream.
    volatile boolean dropFirstWatch;

    @Override
    public void submitRun(SubmitRunRequest request, StreamObserver<Run> response) {
      submitted.add(request);
      double p = request.getSpec().getData().getCorruptionProbability();
      if (p < 0 || p > 1) {
        response.onError(
            Status.INVALID_ARGUMENT
                .withDescription("data.corruption_probability: must be in [0, 1], was " + p)
                .asRuntimeException());
        return;
      }
      response.onNext(
          run(41, RunStatus.RUN_STATUS_QUEUED).toBuilder()
              .setSpec(request.getSpec())
              .setRequestId(request.getRequestId())
              .build());
      response.onCompleted();
    }

    @Override
    public void getRun(GetRunRequest request, StreamObserver<Run> response) {
      response.onNext(run(request.getRunId(), finalStatus));
      response.onCompleted();
    }

    @Override
    public void listRuns(ListRunsRequest request, StreamObserver<ListRunsResponse> response) {
      listed.add(request);
      // Pages of at most 100 (the contract allows up to 1000), so the client must follow tokens.
      int pageSize = Math.min(100, request.getPageSize() == 0 ? 100 : request.getPageSize());
      int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
      int to = Math.min(RUNS, from + pageSize);
      ListRunsResponse.Builder page = ListRunsResponse.newBuilder();
      for (int i = from; i < to; i++) {
        page.addRuns(run(RUNS - i, RunStatus.RUN_STATUS_RUNNING));
      }
      response.onNext(page.setNextPageToken(to < RUNS ? Integer.toString(to) : "").build());
      response.onCompleted();
    }

    @Override
    public void cancelRun(CancelRunRequest request, StreamObserver<Run> response) {
      if (request.getRunId() == UNANSWERED_RUN) {
        return; // Never answers: the client's deadline must end the call.
      }
      if (request.getRunId() == MISSING_RUN) {
        response.onError(
            Status.NOT_FOUND
                .withDescription("run " + request.getRunId() + " does not exist")
                .asRuntimeException());
        return;
      }
      response.onNext(run(request.getRunId(), RunStatus.RUN_STATUS_CANCELLED));
      response.onCompleted();
    }

    /** The current state first, then each epoch, then the final status; then the stream ends. */
    @Override
    public void watchRun(WatchRunRequest request, StreamObserver<RunEvent> response) {
      watches.add(request);
      Run run = run(request.getRunId(), RunStatus.RUN_STATUS_RUNNING);
      response.onNext(RunEvent.newBuilder().setRun(run).build());
      for (int epoch = request.getAfterEpoch() + 1; epoch <= 2; epoch++) {
        if (dropFirstWatch && watches.size() == 1 && epoch == 2) {
          response.onError(
              Status.UNAVAILABLE.withDescription("trainer restarting").asRuntimeException());
          return;
        }
        EpochMetrics metrics =
            EpochMetrics.newBuilder()
                .setEpoch(epoch)
                .setTrainLoss(2.0 / epoch)
                .setTrainAccuracy(0.3 * epoch)
                .setSamplesPerSecond(1000)
                .setWallSeconds(10)
                .setSteps(8L * epoch)
                .build();
        run = run.toBuilder().setEpochsCompleted(epoch).setLatest(metrics).build();
        response.onNext(RunEvent.newBuilder().setRun(run).setEpoch(metrics).build());
      }
      Run.Builder ended = run.toBuilder().setStatus(finalStatus);
      if (finalStatus == RunStatus.RUN_STATUS_FAILED) {
        ended.setError("boom");
      }
      response.onNext(RunEvent.newBuilder().setRun(ended).build());
      response.onCompleted();
    }

    @Override
    public void listSweeps(ListSweepsRequest request, StreamObserver<ListSweepsResponse> response) {
      response.onNext(
          ListSweepsResponse.newBuilder()
              .addSweeps(sweep(4, "label noise", 2, "2026-11-30T12:00:00Z"))
              .addSweeps(sweep(3, "paper table 1", 6, "2026-11-29T12:00:00Z"))
              .build());
      response.onCompleted();
    }

    private static Sweep sweep(long id, String name, int runs, String created) {
      Sweep.Builder sweep =
          Sweep.newBuilder()
              .setSweepId(id)
              .setName(name)
              .setCreatedAt(
                  Timestamp.newBuilder().setSeconds(Instant.parse(created).getEpochSecond()));
      for (int i = 0; i < runs; i++) {
        sweep.addRunIds(id * 100 + i);
      }
      return sweep.build();
    }

    @Override
    public void createSweep(CreateSweepRequest request, StreamObserver<Sweep> response) {
      sweeps.add(request);
      Sweep.Builder sweep = Sweep.newBuilder().setSweepId(3).setName(request.getName());
      for (int i = 0; i < request.getSpecsCount(); i++) {
        sweep.addRunIds(100 + i);
      }
      response.onNext(sweep.build());
      response.onCompleted();
    }

    private static Run run(long runId, RunStatus status) {
      return Run.newBuilder()
          .setRunId(runId)
          .setStatus(status)
          .setDisplayName("mlp_1x512 true labels")
          .setWorker("worker-a")
          .setSpec(RunSpec.newBuilder().setRecipe(TrainingRecipe.newBuilder().setMaxEpochs(2)))
          .build();
    }
  }

  /** EvaluatorService as evaluator.proto describes it, for one evaluated run. */
  static final class ContractEvaluator extends EvaluatorServiceGrpc.EvaluatorServiceImplBase {
    final List<ReportRequest> reports = new CopyOnWriteArrayList<>();

    @Override
    public void evaluateRun(EvaluateRunRequest request, StreamObserver<Evaluation> response) {
      response.onNext(evaluation(request.getRunId()));
      response.onCompleted();
    }

    @Override
    public void getEvaluation(GetEvaluationRequest request, StreamObserver<Evaluation> response) {
      response.onNext(evaluation(request.getRunId()));
      response.onCompleted();
    }

    private static Evaluation evaluation(long runId) {
      return Evaluation.newBuilder()
          .setRunId(runId)
          .setCheckpointEpoch(150)
          .setTrainAccuracy(0.99975)
          .setTrainLoss(0.0012)
          .setTestAccuracy(0.446)
          .setTestLoss(2.5)
          .setAccuracyGap(0.55375)
          .setLossGap(2.4988)
          .setTrainExamples(10000)
          .setTestExamples(10000)
          .setSeconds(12.5)
          .build();
    }

    @Override
    public void getTable(ReportRequest request, StreamObserver<Table> response) {
      reports.add(request);
      TableRow.Builder row =
          TableRow.newBuilder()
              .setRunId(41)
              .setDisplayName("mlp random")
              .setModel(ModelKind.MODEL_KIND_MLP_1X512)
              .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
              .setCorruptionProbability(1)
              .setStatus(RunStatus.RUN_STATUS_SUCCEEDED)
              .setEpochs(150)
              .setHasEvaluation(true)
              .setTrainAccuracy(0.9934)
              .setTestAccuracy(0.1061)
              .setAccuracyGap(0.8873);
      Table.Builder table = Table.newBuilder();
      if (request.getPaperTable() == PaperTable.PAPER_TABLE_1) {
        // Two published rows: the run's, and one nobody ran.
        PaperFigures random =
            PaperFigures.newBuilder()
                .setSource("Table 1: MLP 1x512, random labels, crop no, weight decay no")
                .setHasTrainAccuracy(true)
                .setTrainAccuracy(1.0)
                .setHasTestAccuracy(true)
                .setTestAccuracy(0.1)
                .build();
        table
            .addPaperRows(
                PaperFigures.newBuilder()
                    .setSource("Table 1: MLP 1x512, true labels, crop no, weight decay no")
                    .setHasTrainAccuracy(true)
                    .setTrainAccuracy(1.0)
                    .setHasTestAccuracy(true)
                    .setTestAccuracy(0.5051))
            .addPaperRows(random);
        row.setPaper(random);
      }
      if (request.getPaperTable() == PaperTable.PAPER_TABLE_3) {
        // A kernel run on a data set Table 3 has no row for.
        table.addPaperRows(
            PaperFigures.newBuilder()
                .setSource("Table 3: CIFAR-10, no pre-processing, test error 46.0 %")
                .setHasTestAccuracy(true)
                .setTestAccuracy(0.54));
        row.setDisplayName("kernel")
            .setModel(ModelKind.MODEL_KIND_KERNEL_RBF)
            .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
            .setCorruptionProbability(0)
            .setEpochs(1)
            .setTrainSubset(10000)
            .setTrainAccuracy(1)
            .setTestAccuracy(0.8622)
            .setDataset("fashion-mnist")
            .setGamma(0.00737)
            .setRkhsNorm(281.3423);
      }
      response.onNext(table.addRows(row).build());
      response.onCompleted();
    }

    @Override
    public void getFigureSeries(ReportRequest request, StreamObserver<FigureSeries> response) {
      reports.add(request);
      response.onNext(
          FigureSeries.newBuilder()
              .addLossCurves(
                  LossCurve.newBuilder()
                      .setRunId(41)
                      .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                      .addPoints(LossPoint.newBuilder().setEpoch(1).setStep(80).setTrainLoss(2.3))
                      .addPoints(LossPoint.newBuilder().setEpoch(2).setStep(160).setTrainLoss(2.2)))
              .addTestErrors(
                  TestErrorPoint.newBuilder()
                      .setRunId(41)
                      .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                      .setCorruptionProbability(1)
                      .setTestError(0.89))
              .build());
      response.onCompleted();
    }
  }
}
