package dev.gengap.dataset;

import dev.gengap.cifar.archive.ArchiveException;
import dev.gengap.cifar.archive.CifarArchive;
import dev.gengap.dataset.cifar.Cifar10;
import dev.gengap.dataset.cifar.CifarDataException;
import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.corruption.VariantCache;
import dev.gengap.dataset.server.DatasetGrpcService;
import dev.gengap.dataset.server.DatasetMeters;
import dev.gengap.dataset.stream.DatasetCatalog;
import dev.gengap.plumbing.AdminServer;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.plumbing.ServerOptions;
import dev.gengap.plumbing.ServiceLifecycle;
import dev.gengap.plumbing.ServiceMetrics;
import dev.gengap.plumbing.security.AuthenticationInterceptor;
import dev.gengap.plumbing.security.SecurityOptions;
import dev.gengap.plumbing.security.ServerSecurity;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Serves CIFAR-10 with the paper's corruptions over gRPC: {@code java -jar dataset-service.jar}.
 */
@Command(
    name = "dataset-service",
    mixinStandardHelpOptions = true,
    description =
        "Serves CIFAR-10 with the corruptions of Zhang et al. (2017) as flow-controlled gRPC"
            + " batches (gengap.v1.DatasetService).",
    sortOptions = false,
    defaultValueProvider = DatasetServer.Ports.class)
public final class DatasetServer implements Callable<Integer> {
  /** Exit code when the data cannot be loaded. */
  static final int EXIT_BAD_DATA = 2;

  @Mixin ServerOptions server;

  @Mixin SecurityOptions security;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:GENGAP_DATA_DIR:-gengap-data}",
      description =
          "Directory with the CIFAR-10 binary files (data_batch_1..5.bin, test_batch.bin,"
              + " batches.meta.txt). Env GENGAP_DATA_DIR. Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(
      names = "--download",
      negatable = true,
      defaultValue = "${env:GENGAP_DOWNLOAD:-false}",
      fallbackValue = "true",
      description =
          "Fetch the official archive into --data-dir when a file is missing (MD5 checked before"
              + " unpacking). Env GENGAP_DOWNLOAD. Default: ${DEFAULT-VALUE}")
  boolean download;

  @Option(
      names = "--download-url",
      defaultValue =
          "${env:GENGAP_DOWNLOAD_URL:-https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz}",
      description = "Archive to fetch. Env GENGAP_DOWNLOAD_URL. Default: ${DEFAULT-VALUE}")
  URI downloadUrl;

  @Option(
      names = "--download-md5",
      defaultValue = "${env:GENGAP_DOWNLOAD_MD5:-" + CifarArchive.OFFICIAL_MD5 + "}",
      description =
          "Expected MD5 of the archive. Env GENGAP_DOWNLOAD_MD5. Default: ${DEFAULT-VALUE}")
  String downloadMd5;

  @Option(
      names = "--variant-cache-size",
      defaultValue = "${env:GENGAP_VARIANT_CACHE_SIZE:-4}",
      description =
          "Corrupted variants kept in memory (a pixel corruption takes ~185 MB). Env"
              + " GENGAP_VARIANT_CACHE_SIZE. Default: ${DEFAULT-VALUE}")
  int variantCacheSize;

  /** This service's default ports (see {@link ServerOptions.DefaultPorts}). */
  static final class Ports extends ServerOptions.DefaultPorts {
    Ports() {
      super(50051, 9091);
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DatasetServer()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    server.require(
        variantCacheSize >= 1, "--variant-cache-size: must be ≥ 1, was " + variantCacheSize);
    server.applyLogFormat();
    DatasetConfig config =
        new DatasetConfig(
            dataDir,
            download,
            downloadUrl,
            downloadMd5,
            server.grpcPort(),
            server.adminPort(),
            server.drainGrace(),
            variantCacheSize,
            security.toServerSecurity());
    return run(config);
  }

  static int run(DatasetConfig config) throws Exception {
    Logger log = LoggerFactory.getLogger(DatasetServer.class);
    PrometheusMeterRegistry registry = ServiceMetrics.newPrometheusRegistry("dataset");
    Cifar10 data;
    try {
      if (config.download() && !CifarFiles.allPresent(config.dataDir())) {
        CifarArchive archive = new CifarArchive(config.downloadUrl(), config.downloadMd5());
        try {
          log.info("event=download_started url={} dir={}", archive.url(), config.dataDir());
          archive.downloadInto(config.dataDir(), new LoggedProgress(log));
          log.info("event=download_unpacked dir={}", config.dataDir());
        } catch (ArchiveException e) {
          log.error(
              "event=download_failed error=\"{}\" instead=\"{}\"",
              e.getMessage(),
              archive.manualInstructions(config.dataDir()));
          return EXIT_BAD_DATA;
        }
      }
      data = new CifarFiles(CifarFiles.OFFICIAL_RECORDS_PER_FILE).load(config.dataDir());
    } catch (CifarDataException e) {
      log.error("event=data_unusable error=\"{}\"", e.getMessage());
      return EXIT_BAD_DATA;
    }
    log.info(
        "event=data_loaded dir={} train={} test={}",
        config.dataDir(),
        data.trainSize(),
        data.testSize());

    try (ServiceLifecycle lifecycle =
            ServiceLifecycle.drainOnSigterm("dataset", config.drainGrace());
        ServerSecurity.Bound bound = config.security().bind(config.grpcPort(), "dataset")) {
      ManagedGrpcServer grpc =
          server(
              data,
              config.variantCacheSize(),
              bound.builder(),
              registry,
              config.security().authentication(DatasetGrpcService.ACCESS));
      // The data is in memory: nothing to migrate, no service to wait for.
      return lifecycle.serve(grpc, new AdminServer(config.adminPort(), registry, grpc::isServing));
    }
  }

  /**
   * Serves {@code data} on {@code builder} and reports SERVING (the data is in memory: there is
   * nothing else to wait for). The one way tests start the service, with an in-process builder or a
   * free port; the caller closes the returned server.
   *
   * @param authentication empty: every caller is admin
   */
  public static ManagedGrpcServer serve(
      Cifar10 data,
      int variantCacheSize,
      ServerBuilder<?> builder,
      MeterRegistry registry,
      Optional<AuthenticationInterceptor> authentication)
      throws IOException {
    ManagedGrpcServer grpc =
        server(data, variantCacheSize, builder, registry, authentication).start();
    grpc.markServing();
    return grpc;
  }

  /** The service over {@code data} on {@code builder}, not started yet. */
  private static ManagedGrpcServer server(
      Cifar10 data,
      int variantCacheSize,
      ServerBuilder<?> builder,
      MeterRegistry registry,
      Optional<AuthenticationInterceptor> authentication) {
    DatasetMeters meters = new DatasetMeters(registry);
    DatasetCatalog catalog =
        new DatasetCatalog(new VariantCache(data, variantCacheSize, meters.variantBuild()));
    return new ManagedGrpcServer(
        builder, registry, List.of(new DatasetGrpcService(catalog, meters)), authentication);
  }
}
