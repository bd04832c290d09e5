package dev.gengap.dataset.bench;

import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.DatasetInfo;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.GetDatasetInfoRequest;
import dev.gengap.proto.v1.Split;
import dev.gengap.proto.v1.StreamEpochRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Smoke check of a running dataset service: streams one epoch of each split under every corruption
 * and prints what came back. Exit code 1 when an epoch is incomplete.
 */
@Command(
    name = "epoch-check",
    mixinStandardHelpOptions = true,
    description = "Streams one train and one test epoch per corruption from a running service.")
public final class EpochCheck implements Callable<Integer> {
  @Option(names = "--target", defaultValue = "localhost:50051", description = "host:port")
  String target;

  @Option(names = "--batch-size", defaultValue = "512")
  int batchSize;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EpochCheck()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
            .maxInboundMessageSize(64 << 20)
            .build();
    int failures = 0;
    try {
      DatasetServiceGrpc.DatasetServiceBlockingStub stub =
          DatasetServiceGrpc.newBlockingStub(channel);
      for (CorruptionKind kind : CorruptionKind.values()) {
        if (kind == CorruptionKind.CORRUPTION_KIND_UNSPECIFIED
            || kind == CorruptionKind.UNRECOGNIZED) {
          continue;
        }
        DataSpec.Builder spec = DataSpec.newBuilder().setSeed(1).setCorruption(kind);
        if (kind == CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS) {
          spec.setCorruptionProbability(0.5);
        }
        long start = System.nanoTime();
        DatasetInfo info =
            stub.withDeadlineAfter(5, TimeUnit.MINUTES)
                .getDatasetInfo(GetDatasetInfoRequest.newBuilder().setData(spec).build());
        int train = count(stub, spec, Split.SPLIT_TRAIN);
        int test = count(stub, spec, Split.SPLIT_TEST);
        boolean complete = train == info.getTrainSize() && test == info.getTestSize();
        failures += complete ? 0 : 1;
        System.out.printf(
            "%-34s train %,6d/%,6d test %,6d/%,6d  train sha256 %.16s…  %.1f s %s%n",
            kind,
            train,
            info.getTrainSize(),
            test,
            info.getTestSize(),
            info.getTrainContentHash(),
            (System.nanoTime() - start) / 1e9,
            complete ? "ok" : "INCOMPLETE");
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    return failures == 0 ? 0 : 1;
  }

  /** Streams one epoch and returns how many distinct examples came back. */
  private int count(
      DatasetServiceGrpc.DatasetServiceBlockingStub stub, DataSpec.Builder spec, Split split) {
    StreamEpochRequest request =
        StreamEpochRequest.newBuilder()
            .setData(spec)
            .setSplit(split)
            .setBatchSize(batchSize)
            .setShuffle(true)
            .build();
    java.util.BitSet seen = new java.util.BitSet();
    stub.withDeadlineAfter(5, TimeUnit.MINUTES)
        .streamEpoch(request)
        .forEachRemaining((Batch batch) -> batch.getIndicesList().forEach(seen::set));
    return seen.cardinality();
  }
}
