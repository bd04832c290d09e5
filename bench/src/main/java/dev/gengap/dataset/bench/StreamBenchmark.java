package dev.gengap.dataset.bench;

import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.corruption.CorruptionKind;
import dev.gengap.dataset.corruption.DataSpec;
import dev.gengap.dataset.corruption.TestLabels;
import dev.gengap.dataset.corruption.VariantCache;
import dev.gengap.dataset.server.DatasetGrpcService;
import dev.gengap.dataset.server.DatasetMeters;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.stream.Cropping;
import dev.gengap.dataset.stream.DatasetCatalog;
import dev.gengap.dataset.stream.Encoding;
import dev.gengap.dataset.stream.EpochCursor;
import dev.gengap.dataset.stream.EpochRequest;
import dev.gengap.dataset.stream.ExampleBatch;
import dev.gengap.dataset.stream.Order;
import dev.gengap.dataset.stream.Split;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.StreamEpochRequest;
import dev.gengap.spec.Datasets;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 *
 * <p>The gRPC client reads like the trainer's {@code EpochStream} (prefetching, decoding every
 * batch to {@code float[]}), so its cost is in the figure. Each mode first runs {@code
 * --warmup-epochs} unmeasured epochs: on two busy cores C2 is still compiling the gRPC, Netty and
 * protobuf paths through the first few epochs, and the first epochs cost about twice the CPU per
 * image of a warm one. With {@code --target} the server is a separate process (the realistic setup:
 * the trainer and the dataset-service never share a JVM) and only the loopback figure is measured.
 */
@Command(
    name = "stream-benchmark",
    mixinStandardHelpOptions = true,
    description = "Throughput of StreamEpoch in-process and over loopback gRPC.")
public final class StreamBenchmark implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      description = "CIFAR-10 binary directory (required unless --target is given).")
  Path dataDir;

  @Option(
      names = "--target",
      description =
          "host:port of a running dataset-service to stream from instead of one started in this"
              + " JVM; skips the in-process figure.")
  String target;

  @Option(names = "--epochs", defaultValue = "3", description = "Measured epochs per mode.")
  int epochs;

  @Option(
      names = "--warmup-epochs",
      defaultValue = "5",
      description = "Unmeasured epochs per mode first (JIT warm-up). Default: ${DEFAULT-VALUE}")
  int warmupEpochs;

  @Option(names = "--batch-size", defaultValue = "128")
  int batchSize;

  @Option(names = "--corruption", defaultValue = "RANDOM_PIXELS")
  CorruptionKind corruption;

  @Option(names = "--augment", negatable = true, defaultValue = "true", fallbackValue = "true")
  boolean augment;

  @Option(
      names = "--prefetch",
      defaultValue = "4",
      description = "Batches the client asks for ahead of the one it decodes.")
  int prefetch;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (target != null) {
      ManagedChannel channel = channel(target);
      try {
        measureOverGrpc("loopback gRPC, separate server", channel, spec());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      return 0;
    }
    if (dataDir == null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--data-dir: required unless --target is given");
    }
    ImageSet data = new CifarFiles(CifarFiles.OFFICIAL_RECORDS_PER_FILE).load(dataDir);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DatasetMeters meters = new DatasetMeters(registry);
    DatasetCatalog catalog =
        new DatasetCatalog(
            List.of(new VariantCache(data, 2, meters.variantBuild())),
            name -> "the benchmark serves CIFAR-10 only");
    DataSpec spec = spec();
    long buildStart = System.nanoTime();
    catalog.describe(spec);
    System.out.printf(
        "variant %s built in %.1f s%n", corruption, (System.nanoTime() - buildStart) / 1e9);

    for (int epoch = 0; epoch < warmupEpochs; epoch++) {
      inProcess(catalog, spec, epoch);
    }
    List<Figures> local = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      local.add(inProcess(catalog, spec, warmupEpochs + epoch));
    }
    print("in-process (preprocess only)", local);

    ManagedGrpcServer server =
        new ManagedGrpcServer(
                Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()),
                registry,
                List.of(new DatasetGrpcService(catalog, meters)))
            .start();
    server.markServing();
    ManagedChannel channel = channel("localhost:" + server.port());
    try {
      measureOverGrpc("loopback gRPC, server in this JVM", channel, spec);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
    }
    return 0;
  }

  private DataSpec spec() {
    return new DataSpec(Datasets.CIFAR10, 1, corruption, 0, TestLabels.TRUE, 0);
  }

  // Default HTTP/2 windows: larger fixed windows (8–32 MiB) measured no faster on loopback, and
  // setting one turns off grpc-java's BDP window tuning, which real networks need.
  private static ManagedChannel channel(String target) {
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
  }

  private void measureOverGrpc(String mode, ManagedChannel channel, DataSpec spec)
      throws InterruptedException {
    for (int epoch = 0; epoch < warmupEpochs; epoch++) {
      overGrpc(channel, spec, epoch);
    }
    List<Figures> measured = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      measured.add(overGrpc(channel, spec, warmupEpochs + epoch));
    }
    print(mode, measured);
  }

  private Figures inProcess(DatasetCatalog catalog, DataSpec spec, int epoch) {
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    long images = 0;
    long bytes = 0;
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
      bytes += batch.dataBytes();
    }
    return new Figures(images, bytes, System.nanoTime() - start, processCpuNanos() - cpuStart);
  }

  private Figures overGrpc(ManagedChannel channel, DataSpec spec, int epoch)
      throws InterruptedException {
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
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    DecodingEpochReader.Delivered delivered =
        DecodingEpochReader.read(channel, request, prefetch, Duration.ofMinutes(10));
    return new Figures(
        delivered.images(),
        delivered.bytes(),
        System.nanoTime() - start,
        processCpuNanos() - cpuStart);
  }

  private static void print(String mode, List<Figures> epochs) {
    long images = 0;
    long bytes = 0;
    long nanos = 0;
    long cpuNanos = 0;
    StringBuilder perEpoch = new StringBuilder();
    for (Figures figures : epochs) {
      images += figures.images();
      bytes += figures.bytes();
      nanos += figures.nanos();
      cpuNanos += figures.cpuNanos();
      perEpoch.append(String.format(" %,.0f", figures.images() / (figures.nanos() / 1e9)));
    }
    double seconds = nanos / 1e9;
    System.out.printf(
        "%-34s %,9d images in %6.2f s = %,7.0f images/s, %,6.1f MB/s;"
            + " this JVM's CPU %4.1f µs/image; per epoch:%s; load average %.2f%n",
        mode,
        images,
        seconds,
        images / seconds,
        bytes / seconds / 1e6,
        cpuNanos / 1e3 / images,
        perEpoch,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** CPU time of this whole JVM (all threads: server, client, event loops, GC, JIT). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private record Figures(long images, long bytes, long nanos, long cpuNanos) {}
}
