package dev.gengap.evaluator.testing;

import dev.gengap.dataset.DatasetServer;
import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.plumbing.ManagedGrpcServer;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real dataset-service over generated files, on a free port over Netty, and a channel to it.
 */
public final class LocalDatasetService implements AutoCloseable {
  private final ManagedGrpcServer server;
  private final ManagedChannel channel;

  private LocalDatasetService(ManagedGrpcServer server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  public static LocalDatasetService start(Path dir, int recordsPerFile) throws IOException {
    return start(new CifarFiles(recordsPerFile).load(dir));
  }

  /** Serves {@code data} and no other data set. */
  public static LocalDatasetService start(ImageSet data) throws IOException {
    ManagedGrpcServer server =
        DatasetServer.serve(
            List.of(data),
            4,
            Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()),
            new SimpleMeterRegistry(),
            Optional.empty());
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "localhost", server.port(), InsecureChannelCredentials.create())
            .build();
    return new LocalDatasetService(server, channel);
  }

  public ManagedChannel channel() {
    return channel;
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }
}
