package dev.gengap.evaluator.server;

import dev.gengap.evaluator.evaluation.Evaluations;
import dev.gengap.evaluator.report.PaperTable;
import dev.gengap.evaluator.report.Reports;
import dev.gengap.learning.data.DatasetStreamException;
import dev.gengap.plumbing.GrpcStatuses;
import dev.gengap.plumbing.UnavailableException;
import dev.gengap.plumbing.security.AccessPolicy;
import dev.gengap.plumbing.security.Caller;
import dev.gengap.plumbing.security.Role;
import dev.gengap.proto.v1.EvaluateRunRequest;
import dev.gengap.proto.v1.Evaluation;
import dev.gengap.proto.v1.EvaluatorServiceGrpc;
import dev.gengap.proto.v1.FigureSeries;
import dev.gengap.proto.v1.GetEvaluationRequest;
import dev.gengap.proto.v1.ReportRequest;
import dev.gengap.proto.v1.Table;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code gengap.v1.EvaluatorService}: maps proto to the domain and errors to statuses. */
public final class EvaluatorGrpcService extends EvaluatorServiceGrpc.EvaluatorServiceImplBase {
  private static final Logger log = LoggerFactory.getLogger(EvaluatorGrpcService.class);

  /** Reading evaluations and reports is a viewer's; asking for an evaluation a submitter's. */
  public static final AccessPolicy ACCESS =
      AccessPolicy.of(
          Map.of(
              EvaluatorServiceGrpc.getEvaluateRunMethod(), Role.SUBMITTER,
              EvaluatorServiceGrpc.getGetEvaluationMethod(), Role.VIEWER,
              EvaluatorServiceGrpc.getGetTableMethod(), Role.VIEWER,
              EvaluatorServiceGrpc.getGetFigureSeriesMethod(), Role.VIEWER));

  private final Evaluations evaluations;
  private final Reports reports;

  public EvaluatorGrpcService(Evaluations evaluations, Reports reports) {
    this.evaluations = evaluations;
    this.reports = reports;
  }

  @Override
  public void evaluateRun(EvaluateRunRequest request, StreamObserver<Evaluation> response) {
    // The one mutation of this API: logged with who asked.
    log.info(
        "event=evaluation_requested run={} by={}", request.getRunId(), Caller.current().name());
    Context call = Context.current();
    respond(
        response,
        () ->
            EvaluationMapper.toProto(
                evaluations.evaluate(request.getRunId(), () -> !call.isCancelled())));
  }

  @Override
  public void getEvaluation(GetEvaluationRequest request, StreamObserver<Evaluation> response) {
    respond(response, () -> EvaluationMapper.toProto(evaluations.get(request.getRunId())));
  }

  @Override
  public void getTable(ReportRequest request, StreamObserver<Table> response) {
    respond(
        response,
        () -> {
          Optional<PaperTable> paperTable = ReportMapper.paperTable(request);
          return ReportMapper.table(
              reports.table(ReportMapper.selection(request), paperTable), paperTable);
        });
  }

  @Override
  public void getFigureSeries(ReportRequest request, StreamObserver<FigureSeries> response) {
    respond(
        response,
        () ->
            ReportMapper.figures(
                reports.figures(
                    ReportMapper.selection(request),
                    ReportMapper.interpolationThreshold(request))));
  }

  private static <T> void respond(StreamObserver<T> response, Supplier<T> work) {
    T result;
    try {
      result = work.get();
    } catch (DatasetStreamException e) {
      GrpcStatuses.fail(
          response, new UnavailableException("dataset-service: " + e.getMessage(), e));
      return;
    } catch (RuntimeException e) {
      GrpcStatuses.fail(response, e);
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }
}
