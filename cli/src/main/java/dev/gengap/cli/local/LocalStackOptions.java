package dev.gengap.cli.local;

import dev.gengap.cifar.archive.CifarArchive;
import dev.gengap.cifar.archive.IdxArchive;
import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.rpc.ClientCredentialOptions;
import dev.gengap.plumbing.security.ClientSecurity;
import dev.gengap.plumbing.security.TokenFiles;
import dev.gengap.spec.Datasets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** How {@code local} and {@code demo} run the stack: data, processes, engine, ports. */
public final class LocalStackOptions {
  /** What java's -Xmx takes: a whole number of bytes, kilobytes, megabytes or gigabytes. */
  private static final Pattern JAVA_HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = "${env:GENGAP_HOME:-.}",
      description =
          "The gengap checkout whose <module>/target/<module>.jar files are launched"
              + " (env GENGAP_HOME, set by ./gengap; default the current directory).")
  Path home;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "${env:GENGAP_DATA_DIR}",
      description =
          "CIFAR-10 binary files (data_batch_1..5.bin, test_batch.bin, batches.meta.txt); env"
              + " GENGAP_DATA_DIR. Default: the official archive, downloaded once into"
              + " --cache-dir.")
  Path dataDir;

  @Option(
      names = "--download",
      description =
          "Fetch the official CIFAR-10 archive (170 MB) into --data-dir when a file is missing"
              + " there.")
  boolean download;

  @Option(
      names = "--mnist-dir",
      paramLabel = "DIR",
      defaultValue = "${env:GENGAP_MNIST_DIR}",
      description =
          "Also serve MNIST from DIR's four IDX files (train-images-idx3-ubyte.gz etc.); env"
              + " GENGAP_MNIST_DIR. Default: MNIST is not served.")
  Path mnistDir;

  @Option(
      names = "--fashion-mnist-dir",
      paramLabel = "DIR",
      defaultValue = "${env:GENGAP_FASHION_MNIST_DIR}",
      description =
          "Also serve Fashion-MNIST from DIR's four IDX files (Debian's dataset-fashion-mnist:"
              + " /usr/share/datasets/fashion-mnist); env GENGAP_FASHION_MNIST_DIR. Default:"
              + " Fashion-MNIST is not served.")
  Path fashionMnistDir;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Where the downloaded CIFAR-10 is kept, in cifar10/ (default $XDG_CACHE_HOME/gengap,"
              + " else ~/.cache/gengap).")
  Path cacheDir;

  @Option(
      names = "--download-url",
      paramLabel = "URL",
      defaultValue = "${env:GENGAP_DOWNLOAD_URL}",
      description = "Archive to download instead of the official one (env GENGAP_DOWNLOAD_URL).")
  URI downloadUrl;

  @Option(
      names = "--download-md5",
      paramLabel = "HEX",
      defaultValue = "${env:GENGAP_DOWNLOAD_MD5}",
      description = "The MD5 of --download-url's archive (env GENGAP_DOWNLOAD_MD5).")
  String downloadMd5;

  @Option(
      names = "--trainers",
      paramLabel = "N",
      description = "Trainer processes working the queue (default: local 1, demo 2).")
  Integer trainers;

  @Option(
      names = "--engine",
      defaultValue = "${env:GENGAP_ENGINE:-pytorch}",
      description =
          "DJL engine of the trainers and the evaluator: mxnet or pytorch (env GENGAP_ENGINE;"
              + " default ${DEFAULT-VALUE}).")
  String engine;

  @Option(
      names = "--threads-per-trainer",
      paramLabel = "N",
      description =
          "OpenMP threads of each trainer and the evaluator (OMP_NUM_THREADS); default: the"
              + " engine's own choice, or 1 when more trainers than cores would share them.")
  Integer threadsPerTrainer;

  @Option(
      names = "--worker-heap",
      paramLabel = "SIZE",
      defaultValue = "${env:GENGAP_WORKER_HEAP:-768m}",
      description =
          "Java heap of each trainer and the evaluator, as java's -Xmx takes it (512m, 12g; env"
              + " GENGAP_WORKER_HEAP; default ${DEFAULT-VALUE}). DJL's tensors live outside it; a"
              + " Gaussian-kernel run's n × n matrices inside it (docs/section5.md).")
  String workerHeap;

  @Option(
      names = "--dataset-port",
      defaultValue = "50051",
      description = "dataset-service gRPC port (default ${DEFAULT-VALUE}).")
  int datasetPort;

  @Option(
      names = "--dataset-admin-port",
      defaultValue = "9091",
      description = "dataset-service /metrics port (default ${DEFAULT-VALUE}).")
  int datasetAdminPort;

  @Option(
      names = "--trainer-port",
      defaultValue = "50052",
      description =
          "gRPC port of the first trainer (default ${DEFAULT-VALUE}); trainer k listens on"
              + " this + 10 (k - 1).")
  int trainerPort;

  @Option(
      names = "--trainer-admin-port",
      defaultValue = "9092",
      description =
          "/metrics port of the first trainer (default ${DEFAULT-VALUE}); trainer k uses"
              + " this + 10 (k - 1).")
  int trainerAdminPort;

  @Option(
      names = "--evaluator-port",
      defaultValue = "50053",
      description = "evaluator-service gRPC port (default ${DEFAULT-VALUE}).")
  int evaluatorPort;

  @Option(
      names = "--evaluator-admin-port",
      defaultValue = "9093",
      description = "evaluator-service /metrics port (default ${DEFAULT-VALUE}).")
  int evaluatorAdminPort;

  @Option(
      names = "--db-port",
      defaultValue = "55432",
      description = "PostgreSQL port (default ${DEFAULT-VALUE}).")
  int dbPort;

  @Option(
      names = "--listen",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Address the services bind (default ${DEFAULT-VALUE}: this machine only). They speak"
              + " plaintext: bind another address only on a network you trust.")
  String listen;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      defaultValue = "${env:GENGAP_TOKEN_FILE}",
      description =
          "Your token for this stack, created on first start, readable by you only (env"
              + " GENGAP_TOKEN_FILE; default ~/.config/gengap/token, where the CLI looks).")
  Path tokenFile;

  @Option(
      names = "--startup-timeout",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description = "How long each service may take to report SERVING (default ${DEFAULT-VALUE}).")
  long startupTimeoutSeconds;

  /**
   * The plan for a stack keeping its logs in {@code logDir} and its database in {@code postgresDir}
   * (empty: a throw-away database); its credentials go under {@code stateDir}.
   */
  public StackPlan plan(
      Path stateDir, Path logDir, Optional<Path> postgresDir, int defaultTrainers) {
    int trainerCount = trainers != null ? trainers : defaultTrainers;
    if (trainerCount < 1 || trainerCount > 8) {
      throw usage("--trainers: must be in 1..8, was " + trainerCount);
    }
    if (!engine.equalsIgnoreCase("mxnet") && !engine.equalsIgnoreCase("pytorch")) {
      throw usage("--engine: must be mxnet or pytorch, was '" + engine + "'");
    }
    if (startupTimeoutSeconds < 1) {
      throw usage("--startup-timeout: must be ≥ 1 second, was " + startupTimeoutSeconds);
    }
    if (!JAVA_HEAP_SIZE.matcher(workerHeap).matches()) {
      throw usage(
          "--worker-heap: must be a number of bytes with k, m or g (768m, 12g), was '"
              + workerHeap
              + "'");
    }
    int threads = threadsPerTrainer != null ? threadsPerTrainer : defaultThreads(trainerCount);
    if (threads < 0) {
      throw usage("--threads-per-trainer: must be ≥ 0, was " + threads);
    }
    Path checkout = home.toAbsolutePath().normalize();
    return new StackPlan(
        checkout,
        logDir.toAbsolutePath(),
        postgresDir.map(Path::toAbsolutePath),
        data(),
        new StackPorts(
            datasetPort,
            datasetAdminPort,
            trainerPort,
            trainerAdminPort,
            evaluatorPort,
            evaluatorAdminPort,
            dbPort),
        trainerCount,
        engine.toLowerCase(java.util.Locale.ROOT),
        threads,
        workerHeap,
        Duration.ofSeconds(startupTimeoutSeconds),
        listen,
        LocalCredentials.prepare(
            stateDir, tokenFile != null ? tokenFile : ClientCredentialOptions.DEFAULT_TOKEN_FILE));
  }

  /** How to call a stack that is already running: plaintext, with the token its start wrote. */
  public ClientSecurity runningStackSecurity() {
    Path file = tokenFile != null ? tokenFile : ClientCredentialOptions.DEFAULT_TOKEN_FILE;
    if (!Files.isReadable(file)) {
      throw usage("--token-file: cannot read " + file + "; start the stack with gengap local");
    }
    return ClientSecurity.plaintext().withToken(TokenFiles.read(file));
  }

  /**
   * Trainers beside each other on few cores: one OpenMP thread each, so that their thread pools do
   * not fight over the same cores.
   */
  private static int defaultThreads(int trainerCount) {
    return trainerCount >= Runtime.getRuntime().availableProcessors() ? 1 : 0;
  }

  /**
   * --data-dir (or GENGAP_DATA_DIR) when given, else the per-user cache. Only the cache, or a
   * --data-dir with --download, is filled by downloading.
   */
  private StackPlan.DataLocation data() {
    if (downloadUrl != null && downloadMd5 == null) {
      throw usage("--download-url: needs --download-md5 (the archive's MD5) as well");
    }
    CifarArchive archive =
        new CifarArchive(
            downloadUrl != null ? downloadUrl : CifarArchive.OFFICIAL_URL,
            downloadUrl != null ? downloadMd5 : CifarArchive.OFFICIAL_MD5);
    if (dataDir == null) {
      Path cache = cacheDir != null ? cacheDir : UserCache.directory(System.getenv());
      return new StackPlan.DataLocation(
          cache.resolve("cifar10").toAbsolutePath(), Optional.of(archive), idxDirs());
    }
    if (download) {
      return new StackPlan.DataLocation(dataDir.toAbsolutePath(), Optional.of(archive), idxDirs());
    }
    List<String> missing = CifarArchive.missingFiles(dataDir);
    if (!missing.isEmpty()) {
      throw usage(
          "--data-dir "
              + dataDir
              + (Files.isDirectory(dataDir)
                  ? ": lacks " + String.join(", ", missing)
                  : ": no such directory")
              + " (add --download to fetch the official archive into it, or leave --data-dir and"
              + " GENGAP_DATA_DIR unset to use the per-user cache)");
    }
    return new StackPlan.DataLocation(dataDir.toAbsolutePath(), Optional.empty(), idxDirs());
  }

  /** The MNIST-format data sets to serve, each directory checked to hold its four files. */
  private Map<String, Path> idxDirs() {
    Map<String, Path> dirs = new LinkedHashMap<>();
    if (mnistDir != null) {
      dirs.put(Datasets.MNIST, checkedIdxDir("--mnist-dir", mnistDir));
    }
    if (fashionMnistDir != null) {
      dirs.put(Datasets.FASHION_MNIST, checkedIdxDir("--fashion-mnist-dir", fashionMnistDir));
    }
    return dirs;
  }

  private static Path checkedIdxDir(String flag, Path dir) {
    List<String> missing = IdxArchive.missingFiles(dir);
    if (!missing.isEmpty()) {
      throw usage(
          flag
              + " "
              + dir
              + (Files.isDirectory(dir)
                  ? ": lacks " + String.join(", ", missing) + " (gzipped or not)"
                  : ": no such directory"));
    }
    return dir.toAbsolutePath();
  }

  private static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }
}
