package dev.gengap.dataset.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.dataset.DatasetServer;
import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.GetDatasetInfoRequest;
import dev.gengap.proto.v1.Split;
import dev.gengap.proto.v1.StreamEpochRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole epoch over a real socket (Netty, free port) to a client that reads one batch at a time
 * and sleeps: the server must stay a few batches ahead, never an epoch.
 */
class SlowClientStreamIT {
  private static final int RECORDS = 1000; // 5,000 training images
  private static final int BATCH = 100; // 940 KB of float32 per batch, 50 batches
  @TempDir static Path dir;
  private static ImageSet data;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ManagedGrpcServer server;
  private ManagedChannel channel;

  @BeforeAll
  static void load() {
    data = new CifarFiles(RECORDS).load(SyntheticCifar.writeFixture(dir, RECORDS));
  }

  @BeforeEach
  void start() throws Exception {
    server =
        DatasetServer.serve(
            List.of(data),
            2,
            Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()),
            registry,
            Optional.empty());
    channel =
        Grpc.newChannelBuilder("localhost:" + server.port(), InsecureChannelCredentials.create())
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void slowClientGetsTheWholeEpochWhileTheServerStaysAFewBatchesAhead() throws Exception {
    Counter served = registry.counter("gengap.dataset.batches.served", "split", "train");
    AtomicInteger consumed = new AtomicInteger();
    List<Integer> leads = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();

    DatasetServiceGrpc.newStub(channel)
        .withDeadlineAfter(2, TimeUnit.MINUTES)
        .streamEpoch(
            request(),
            new ClientResponseObserver<StreamEpochRequest, Batch>() {
              private ClientCallStreamObserver<StreamEpochRequest> call;

              @Override
              public void beforeStart(ClientCallStreamObserver<StreamEpochRequest> call) {
                this.call = call;
                call.disableAutoRequestWithInitial(1);
              }

              @Override
              public void onNext(Batch batch) {
                indices.addAll(batch.getIndicesList());
                consumed.incrementAndGet();
                sleep(25);
                leads.add((int) served.count() - consumed.get());
                call.request(1);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    done.get(2, TimeUnit.MINUTES);

    assertThat(indices).hasSize(5000).doesNotHaveDuplicates();
    assertThat(consumed.get()).isEqualTo(50);
    assertThat(served.count()).isEqualTo(50);
    // Bytes in flight: the on-ready threshold (2 batches), HTTP/2 windows and socket buffers —
    // some megabytes, a handful of batches; an unthrottled server would be ~49 ahead at once.
    assertThat(leads.subList(0, 20)).allSatisfy(lead -> assertThat(lead).isLessThanOrEqualTo(15));
  }

  @Test
  void deadlineEndsAStreamTheClientStoppedReading() throws Exception {
    // The corrupted variant is built by a call without a tight deadline: on a loaded machine its
    // build alone can outlast the two seconds below, and the stream's end is then seen late.
    DatasetServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(2, TimeUnit.MINUTES)
        .getDatasetInfo(GetDatasetInfoRequest.newBuilder().setData(request().getData()).build());
    CompletableFuture<Status> status = new CompletableFuture<>();
    DatasetServiceGrpc.newStub(channel)
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .streamEpoch(
            request(),
            new ClientResponseObserver<StreamEpochRequest, Batch>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<StreamEpochRequest> call) {
                call.disableAutoRequestWithInitial(1); // and never asks again
              }

              @Override
              public void onNext(Batch batch) {}

              @Override
              public void onError(Throwable t) {
                status.complete(((StatusRuntimeException) t).getStatus());
              }

              @Override
              public void onCompleted() {
                status.complete(Status.OK);
              }
            });

    assertThat(status.get(2, TimeUnit.MINUTES).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    // The server learns of the end on its own threads: wait until it has counted it, whatever
    // the reason, then check the reason.
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (streamErrors("deadline_exceeded") + streamErrors("cancelled") + streamErrors("internal")
            == 0
        && System.nanoTime() < until) {
      sleep(20);
    }
    assertThat(streamErrors("deadline_exceeded")).isEqualTo(1);
    assertThat(streamErrors("cancelled")).isZero();
    assertThat(streamErrors("internal")).isZero();
    assertThat(registry.counter("gengap.dataset.batches.served", "split", "train").count())
        .isLessThan(50);
  }

  private double streamErrors(String reason) {
    return registry.counter("gengap.dataset.stream.errors", "reason", reason).count();
  }

  private static StreamEpochRequest request() {
    return StreamEpochRequest.newBuilder()
        .setData(
            DataSpec.newBuilder()
                .setSeed(9)
                .setCorruption(CorruptionKind.CORRUPTION_KIND_RANDOM_PIXELS))
        .setSplit(Split.SPLIT_TRAIN)
        .setBatchSize(BATCH)
        .setShuffle(true)
        .setAugment(true)
        .build();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
