package dev.gengap.dataset;

import dev.gengap.cifar.archive.ArchiveException;
import dev.gengap.cifar.archive.CifarArchive;
import dev.gengap.cifar.archive.DataDownload;
import dev.gengap.cifar.archive.IdxArchive;
import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.corruption.VariantCache;
import dev.gengap.dataset.idx.IdxFiles;
import dev.gengap.dataset.server.DatasetGrpcService;
import dev.gengap.dataset.server.DatasetMeters;
import dev.gengap.dataset.source.DataFileException;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.stream.DatasetCatalog;
import dev.gengap.plumbing.AdminServer;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.plumbing.ServerOptions;
import dev.gengap.plumbing.ServiceLifecycle;
import dev.gengap.plumbing.ServiceMetrics;
import dev.gengap.plumbing.security.AuthenticationInterceptor;
import dev.gengap.plumbing.security.SecurityOptions;
import dev.gengap.plumbing.security.ServerSecurity;
import dev.gengap.spec.Datasets;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Serves CIFAR-10, MNIST and Fashion-MNIST, each where its directory is given, with the paper's
 * corruptions over gRPC: {@code java -jar dataset-service.jar}.
 */
@Command(
    name = "dataset-service",
    mixinStandardHelpOptions = true,
    description =
        "Serves CIFAR-10, MNIST and Fashion-MNIST (each whose directory is given; at least one)"
            + " with the corruptions of Zhang et al. (2017) as flow-controlled gRPC batches"
            + " (gengap.v1.DatasetService).",
    sortOptions = false,
    defaultValueProvider = DatasetServer.Ports.class)
public final class DatasetServer implements Callable<Integer> {
  /** Exit code when the data cannot be loaded. */
  static final int EXIT_BAD_DATA = 2;

  static final String MNIST_DIR_FLAG = "--mnist-dir";
  static final String FASHION_MNIST_DIR_FLAG = "--fashion-mnist-dir";

  /** The flag (and variable) that serves each data set, for "not served" messages. */
  private static final Map<String, String> DIRECTORY_FLAGS =
      Map.of(
          Datasets.CIFAR10, "--data-dir DIR (env GENGAP_DATA_DIR)",
          Datasets.MNIST, MNIST_DIR_FLAG + " DIR (env GENGAP_MNIST_DIR)",
          Datasets.FASHION_MNIST, FASHION_MNIST_DIR_FLAG + " DIR (env GENGAP_FASHION_MNIST_DIR)");

  /** The MNIST-format data sets and where each one's files come from. */
  private static final Map<String, IdxArchive> IDX_ARCHIVES =
      Map.of(Datasets.MNIST, IdxArchive.MNIST, Datasets.FASHION_MNIST, IdxArchive.FASHION_MNIST);

  @Mixin ServerOptions server;

  @Mixin SecurityOptions security;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:GENGAP_DATA_DIR}",
      description =
          "Directory with the CIFAR-10 binary files (data_batch_1..5.bin, test_batch.bin,"
              + " batches.meta.txt). Env GENGAP_DATA_DIR. Default: none, CIFAR-10 is not served")
  Path dataDir;

  @Option(
      names = MNIST_DIR_FLAG,
      defaultValue = "${env:GENGAP_MNIST_DIR}",
      description =
          "Directory with MNIST's four IDX files (train-images-idx3-ubyte.gz etc., gzipped or"
              + " not). Env GENGAP_MNIST_DIR. Default: none, MNIST is not served")
  Path mnistDir;

  @Option(
      names = FASHION_MNIST_DIR_FLAG,
      defaultValue = "${env:GENGAP_FASHION_MNIST_DIR}",
      description =
          "Directory with Fashion-MNIST's four IDX files (as MNIST's; Debian's"
              + " dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist). Env"
              + " GENGAP_FASHION_MNIST_DIR. Default: none, Fashion-MNIST is not served")
  Path fashionMnistDir;

  @Option(
      names = "--download",
      negatable = true,
      defaultValue = "${env:GENGAP_DOWNLOAD:-false}",
      fallbackValue = "true",
      description =
          "Fetch the official files into each directory given (--data-dir, --mnist-dir,"
              + " --fashion-mnist-dir) when a file is missing; each download's checksum is checked"
              + " before it is kept. Env GENGAP_DOWNLOAD. Default: ${DEFAULT-VALUE}")
  boolean download;

  @Option(
      names = "--download-only",
      description =
          "Fetch what is missing (as --download) and check every configured data set's files,"
              + " then exit without serving: 0 when all are usable, 2 when not. A Kubernetes init"
              + " container fills the data volume this way.")
  boolean downloadOnly;

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
    Map<String, Path> idxDirs = new LinkedHashMap<>();
    if (mnistDir != null) {
      idxDirs.put(Datasets.MNIST, mnistDir);
    }
    if (fashionMnistDir != null) {
      idxDirs.put(Datasets.FASHION_MNIST, fashionMnistDir);
    }
    DatasetConfig config =
        new DatasetConfig(
            dataDir,
            idxDirs,
            download || downloadOnly,
            downloadUrl,
            downloadMd5,
            server.grpcPort(),
            server.adminPort(),
            server.drainGrace(),
            variantCacheSize,
            security.toServerSecurity());
    if (downloadOnly) {
      return load(config, LoggerFactory.getLogger(DatasetServer.class)).isPresent()
          ? 0
          : EXIT_BAD_DATA;
    }
    return run(config);
  }

  /** Loads the configured data sets and serves them until SIGTERM. */
  static int run(DatasetConfig config) throws Exception {
    Logger log = LoggerFactory.getLogger(DatasetServer.class);
    PrometheusMeterRegistry registry = ServiceMetrics.newPrometheusRegistry("dataset");
    Optional<List<ImageSet>> data = load(config, log);
    if (data.isEmpty()) {
      return EXIT_BAD_DATA;
    }

    try (ServiceLifecycle lifecycle =
            ServiceLifecycle.drainOnSigterm("dataset", config.drainGrace());
        ServerSecurity.Bound bound = config.security().bind(config.grpcPort(), "dataset")) {
      ManagedGrpcServer grpc =
          server(
              data.get(),
              config.variantCacheSize(),
              bound.builder(),
              registry,
              config.security().authentication(DatasetGrpcService.ACCESS));
      // The data is in memory: nothing to migrate, no service to wait for.
      return lifecycle.serve(grpc, new AdminServer(config.adminPort(), registry, grpc::isServing));
    }
  }

  /**
   * Loads every data set whose directory is configured, downloading missing files first where the
   * config says so; empty (after logging why) when there is none or one of them is unusable.
   */
  static Optional<List<ImageSet>> load(DatasetConfig config, Logger log) {
    if (config.dataDir() == null && config.idxDirs().isEmpty()) {
      log.error(
          "event=no_dataset error=\"no data set to serve: give at least one of {}, {}, {}\"",
          DIRECTORY_FLAGS.get(Datasets.CIFAR10),
          DIRECTORY_FLAGS.get(Datasets.MNIST),
          DIRECTORY_FLAGS.get(Datasets.FASHION_MNIST));
      return Optional.empty();
    }
    List<ImageSet> data = new ArrayList<>();
    try {
      if (config.dataDir() != null) {
        if (config.download()
            && !CifarFiles.allPresent(config.dataDir())
            && !fetched(
                new CifarArchive(config.downloadUrl(), config.downloadMd5()),
                Datasets.CIFAR10,
                config.dataDir(),
                log)) {
          return Optional.empty();
        }
        data.add(new CifarFiles(CifarFiles.OFFICIAL_RECORDS_PER_FILE).load(config.dataDir()));
      }
      for (Map.Entry<String, Path> idx : config.idxDirs().entrySet()) {
        if (config.download()
            && !IdxFiles.allPresent(idx.getValue())
            && !fetched(IDX_ARCHIVES.get(idx.getKey()), idx.getKey(), idx.getValue(), log)) {
          return Optional.empty();
        }
        data.add(IdxFiles.official(idx.getKey()).load(idx.getValue()));
      }
    } catch (DataFileException e) {
      log.error("event=data_unusable error=\"{}\"", e.getMessage());
      return Optional.empty();
    }
    for (ImageSet set : data) {
      log.info(
          "event=data_loaded dataset={} train={} test={}",
          set.name(),
          set.trainSize(),
          set.testSize());
    }
    for (Datasets.Dataset known : Datasets.all()) {
      if (data.stream().noneMatch(set -> set.name().equals(known.name()))) {
        log.info(
            "event=dataset_not_served dataset={} hint=\"{}\"",
            known.name(),
            howToServe(known.name()));
      }
    }
    return Optional.of(List.copyOf(data));
  }

  /** Downloads {@code dataset}'s files into {@code dir}; false (after logging why) on failure. */
  private static boolean fetched(DataDownload files, String dataset, Path dir, Logger log) {
    try {
      log.info("event=download_started dataset={} url={} dir={}", dataset, files.url(), dir);
      files.downloadInto(dir, new LoggedProgress(log));
      log.info("event=download_done dataset={} dir={}", dataset, dir);
      return true;
    } catch (ArchiveException e) {
      log.error(
          "event=download_failed dataset={} error=\"{}\" instead=\"{}\"",
          dataset,
          e.getMessage(),
          files.manualInstructions(dir));
      return false;
    }
  }

  /**
   * Serves {@code data} (one {@link ImageSet} per data set) on {@code builder} and reports SERVING
   * (the data is in memory: there is nothing else to wait for), and each data set's own health name
   * ({@link DatasetGrpcService#healthName}); a request for any other data set is
   * FAILED_PRECONDITION, naming the flag that would serve it. The one way tests start the service,
   * with an in-process builder or a free port; the caller closes the returned server.
   *
   * @param variantCacheSize corrupted variants kept per data set
   * @param authentication empty: every caller is admin
   */
  public static ManagedGrpcServer serve(
      List<ImageSet> data,
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
      List<ImageSet> data,
      int variantCacheSize,
      ServerBuilder<?> builder,
      MeterRegistry registry,
      Optional<AuthenticationInterceptor> authentication) {
    DatasetMeters meters = new DatasetMeters(registry);
    DatasetCatalog catalog =
        new DatasetCatalog(
            data.stream()
                .map(set -> new VariantCache(set, variantCacheSize, meters.variantBuild()))
                .toList(),
            DatasetServer::howToServe);
    meters.reportAvailability(catalog::serves);
    ManagedGrpcServer grpc =
        new ManagedGrpcServer(
            builder, registry, List.of(new DatasetGrpcService(catalog, meters)), authentication);
    for (Datasets.Dataset known : Datasets.all()) {
      grpc.reportsPart(DatasetGrpcService.healthName(known.name()), catalog.serves(known.name()));
    }
    return grpc;
  }

  /** What an operator does to serve {@code dataset}: the flag to set. */
  static String howToServe(String dataset) {
    return "start the dataset-service with "
        + DIRECTORY_FLAGS.get(dataset)
        + (IDX_ARCHIVES.containsKey(dataset)
            ? " naming a directory with its four IDX files (add --download to fetch them)"
            : "");
  }
}
