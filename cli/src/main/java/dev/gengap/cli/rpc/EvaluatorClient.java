package dev.gengap.cli.rpc;

import dev.gengap.proto.v1.EvaluateRunRequest;
import dev.gengap.proto.v1.Evaluation;
import dev.gengap.proto.v1.EvaluatorServiceGrpc;
import dev.gengap.proto.v1.EvaluatorServiceGrpc.EvaluatorServiceBlockingStub;
import dev.gengap.proto.v1.FigureSeries;
import dev.gengap.proto.v1.GetEvaluationRequest;
import dev.gengap.proto.v1.ReportRequest;
import dev.gengap.proto.v1.Table;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The evaluator-service calls gengap makes, each under a deadline, each failure turned into a
 * {@link dev.gengap.cli.CliException}. Takes a {@link Channel}: closing it is the caller's job.
 */
public final class EvaluatorClient {
  private static final String SERVICE = "evaluator";

  private final EvaluatorServiceBlockingStub stub;
  private final String target;
  private final Duration deadline;

  public EvaluatorClient(Channel channel, String target, Duration deadline) {
    this.stub = EvaluatorServiceGrpc.newBlockingStub(channel);
    this.target = target;
    this.deadline = deadline;
  }

  public Evaluation evaluateRun(long runId) {
    return call(() -> stub().evaluateRun(EvaluateRunRequest.newBuilder().setRunId(runId).build()));
  }

  public Evaluation getEvaluation(long runId) {
    return call(
        () -> stub().getEvaluation(GetEvaluationRequest.newBuilder().setRunId(runId).build()));
  }

  /** The run's evaluation, or empty while the evaluator has not measured it (NOT_FOUND). */
  public Optional<Evaluation> findEvaluation(long runId) {
    try {
      return Optional.of(
          stub().getEvaluation(GetEvaluationRequest.newBuilder().setRunId(runId).build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw RpcFailure.of(SERVICE, target, deadline, e);
    }
  }

  public Table getTable(ReportRequest request) {
    return call(() -> stub().getTable(request));
  }

  public FigureSeries getFigureSeries(ReportRequest request) {
    return call(() -> stub().getFigureSeries(request));
  }

  private EvaluatorServiceBlockingStub stub() {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw RpcFailure.of(SERVICE, target, deadline, e);
    }
  }
}
