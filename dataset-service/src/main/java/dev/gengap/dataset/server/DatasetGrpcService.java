package dev.gengap.dataset.server;

import dev.gengap.dataset.server.DatasetMeters.StreamError;
import dev.gengap.dataset.stream.DatasetCatalog;
import dev.gengap.dataset.stream.EpochCursor;
import dev.gengap.dataset.stream.EpochRequest;
import dev.gengap.plumbing.GrpcStatuses;
import dev.gengap.plumbing.InvalidArgumentException;
import dev.gengap.plumbing.security.AccessPolicy;
import dev.gengap.plumbing.security.Role;
import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.DatasetInfo;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.GetDatasetInfoRequest;
import dev.gengap.proto.v1.GetExamplesRequest;
import dev.gengap.proto.v1.StreamEpochRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;

/** gengap.v1.DatasetService over the {@link DatasetCatalog}: maps, calls, maps back. */
public final class DatasetGrpcService extends DatasetServiceGrpc.DatasetServiceImplBase {
  /** Every dataset read is a viewer's: the trainers and evaluator call with viewer identities. */
  public static final AccessPolicy ACCESS =
      AccessPolicy.of(
          Map.of(
              DatasetServiceGrpc.getGetDatasetInfoMethod(), Role.VIEWER,
              DatasetServiceGrpc.getStreamEpochMethod(), Role.VIEWER,
              DatasetServiceGrpc.getGetExamplesMethod(), Role.VIEWER));

  private final DatasetCatalog catalog;
  private final DatasetMeters meters;

  /**
   * The {@code grpc.health.v1} name that says whether {@code dataset} is served, e.g. {@code
   * gengap.v1.DatasetService/fashion-mnist}: SERVING with the service, NOT_SERVING when the service
   * was started without that data set.
   */
  public static String healthName(String dataset) {
    return DatasetServiceGrpc.SERVICE_NAME + "/" + dataset;
  }

  public DatasetGrpcService(DatasetCatalog catalog, DatasetMeters meters) {
    this.catalog = catalog;
    this.meters = meters;
  }

  @Override
  public void getDatasetInfo(
      GetDatasetInfoRequest request, StreamObserver<DatasetInfo> responseObserver) {
    try {
      responseObserver.onNext(
          ProtoMapper.datasetInfo(catalog.describe(ProtoMapper.dataSpec(request))));
      responseObserver.onCompleted();
    } catch (RuntimeException e) {
      GrpcStatuses.fail(responseObserver, e);
    }
  }

  @Override
  public void streamEpoch(StreamEpochRequest request, StreamObserver<Batch> responseObserver) {
    EpochCursor cursor;
    EpochRequest epoch;
    try {
      epoch = ProtoMapper.epochRequest(request);
      cursor = catalog.openEpoch(epoch);
    } catch (RuntimeException e) {
      meters.streamError(
          e instanceof InvalidArgumentException
              ? StreamError.INVALID_ARGUMENT
              : StreamError.INTERNAL);
      GrpcStatuses.fail(responseObserver, e);
      return;
    }
    new EpochStreamer(
            (ServerCallStreamObserver<Batch>) responseObserver, cursor, epoch.split(), meters)
        .start();
  }

  @Override
  public void getExamples(GetExamplesRequest request, StreamObserver<Batch> responseObserver) {
    try {
      responseObserver.onNext(
          ProtoMapper.batch(catalog.examples(ProtoMapper.examplesRequest(request))));
      responseObserver.onCompleted();
    } catch (RuntimeException e) {
      GrpcStatuses.fail(responseObserver, e);
    }
  }
}
