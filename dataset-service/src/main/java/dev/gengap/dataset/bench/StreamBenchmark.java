package dev.gengap.dataset.bench;

import dev.gengap.dataset.cifar.Cifar10;
import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.corruption.CorruptionKind;
import dev.gengap.dataset.corruption.DataSpec;
import dev.gengap.dataset.corruption.TestLabels;
import dev.gengap.dataset.corruption.VariantCache;
import dev.gengap.dataset.server.DatasetGrpcService;
import dev.gengap.dataset.server.DatasetMeters;
import dev.gengap.dataset.stream.Cropping;
import dev.gengap.dataset.stream.DatasetCatalog;
import dev.gengap.dataset.stream.Encoding;
import dev.gengap.dataset.stream.EpochCursor;
import dev.gengap.dataset.stream.EpochRequest;
import dev.gengap.dataset.stream.ExampleBatch;
import dev.gengap.dataset.stream.Order;
import dev.gengap.dataset.stream.Split;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.StreamEpochRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Streams full training epochs of the real data with RANDOM_PIXELS and random crops, once
 * in-process (preprocessing only) and once over loopback gRPC (Netty, a real socket), and prints
 * images/s and MB/s for both so the transport's cost shows.
 */
@Command(
    name = "stream-benchmark",
    mixinStandardHelpOptions = true,
    description = "Throughput of StreamEpoch in-process and over loopback gRPC.")
public final class StreamBenchmark implements Callable<Integer> {
  @Option(names = "--data-dir", required = true, description = "CIFAR-10 binary directory.")
  Path dataDir;

  @Option(names = "--epochs", defaultValue = "3", description = "Measured epochs per mode.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128")
  int batchSize;

  @Option(names = "--corruption", defaultValue = "RANDOM_PIXELS")
  CorruptionKind corruption;

  @Option(names = "--augment", negatable = true, defaultValue = "true", fallbackValue = "true")
  boolean augment;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Cifar10 data = new CifarFiles(CifarFiles.OFFICIAL_RECORDS_PER_FILE).load(dataDir);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DatasetMeters meters = new DatasetMeters(registry);
    DatasetCatalog catalog = new DatasetCatalog(new VariantCache(data, 2, meters.variantBuild()));
    DataSpec spec = new DataSpec(1, corruption, 0, TestLabels.TRUE, 0);
    long buildStart = System.nanoTime();
    catalog.describe(spec);
    System.out.printf(
        "variant %s built in %.1f s%n", corruption, (System.nanoTime() - buildStart) / 1e9);

    inProcess(catalog, spec, 0); // warm-up
    Figures local = inProcess(catalog, spec, epochs);
    print("in-process (preprocess only)", local);

    ManagedGrpcServer server =
        new ManagedGrpcServer(
                Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()),
                registry,
                List.of(new DatasetGrpcService(catalog, meters)))
            .start();
    server.markServing();
    ManagedChannel channel =
        Grpc.newChannelBuilder("localhost:" + server.port(), InsecureChannelCredentials.create())
            .maxInboundMessageSize(64 << 20)
            .build();
    try {
      DatasetServiceGrpc.DatasetServiceBlockingStub stub =
          DatasetServiceGrpc.newBlockingStub(channel);
      overGrpc(stub, spec, 0);
      print("loopback gRPC (Netty)", overGrpc(stub, spec, epochs));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
    }
    return 0;
  }

  private Figures inProcess(DatasetCatalog catalog, DataSpec spec, int measuredEpochs) {
    long start = System.nanoTime();
    long images = 0;
    long bytes = 0;
    for (int epoch = 0; epoch < Math.max(1, measuredEpochs); epoch++) {
      EpochCursor cursor =
          catalog.openEpoch(
              new EpochRequest(
                  spec,
                  Split.TRAIN,
                  epoch,
                  batchSize,
                  Order.SHUFFLED,
                  augment ? Cropping.RANDOM : Cropping.CENTER,
                  Encoding.FLOAT32_NCHW,
                  0));
      while (cursor.hasNext()) {
        ExampleBatch batch = cursor.next();
        images += batch.size();
        bytes += batch.data().length;
      }
    }
    return new Figures(images, bytes, System.nanoTime() - start);
  }

  private Figures overGrpc(
      DatasetServiceGrpc.DatasetServiceBlockingStub stub, DataSpec spec, int measuredEpochs) {
    long start = System.nanoTime();
    long images = 0;
    long bytes = 0;
    for (int epoch = 0; epoch < Math.max(1, measuredEpochs); epoch++) {
      StreamEpochRequest request =
          StreamEpochRequest.newBuilder()
              .setData(
                  dev.gengap.proto.v1.DataSpec.newBuilder()
                      .setSeed(spec.seed())
                      .setCorruptionValue(spec.corruption().ordinal() + 1))
              .setSplit(dev.gengap.proto.v1.Split.SPLIT_TRAIN)
              .setEpoch(epoch)
              .setBatchSize(batchSize)
              .setShuffle(true)
              .setAugment(augment)
              .build();
      Iterator<Batch> batches = stub.withDeadlineAfter(10, TimeUnit.MINUTES).streamEpoch(request);
      while (batches.hasNext()) {
        Batch batch = batches.next();
        images += batch.getIndicesCount();
        bytes += batch.getData().size();
      }
    }
    return new Figures(images, bytes, System.nanoTime() - start);
  }

  private static void print(String mode, Figures figures) {
    double seconds = figures.nanos() / 1e9;
    System.out.printf(
        "%-30s %,10d images in %6.2f s = %,9.0f images/s, %,7.1f MB/s%n",
        mode,
        figures.images(),
        seconds,
        figures.images() / seconds,
        figures.bytes() / seconds / 1e6);
  }

  private record Figures(long images, long bytes, long nanos) {}
}
