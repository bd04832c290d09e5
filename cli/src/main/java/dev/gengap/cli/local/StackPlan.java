package dev.gengap.cli.local;

import dev.gengap.cifar.archive.CifarArchive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the local stack runs and where.
 *
 * @param home the gengap checkout holding {@code <module>/target/<module>.jar}
 * @param logDir one log file per service
 * @param postgresDir where PostgreSQL keeps its data; empty for a throw-away database
 * @param data the CIFAR-10 files the dataset service serves
 * @param ports the first instance of each service; trainer k (from 1) adds {@code 10 (k - 1)}
 * @param trainers how many trainer processes work the queue
 * @param engine the trainers' and evaluator's DJL engine ({@code mxnet} or {@code pytorch})
 * @param threadsPerTrainer OpenMP threads of each DJL process; 0 = the engine's default
 * @param workerHeap the Java heap (-Xmx) of each trainer and the evaluator, e.g. {@code 768m}
 * @param startupTimeout how long each service may take to report SERVING
 * @param listen the address every service binds (127.0.0.1 unless --listen says otherwise)
 * @param credentials the tokens and the identities file of the stack
 */
public record StackPlan(
    Path home,
    Path logDir,
    Optional<Path> postgresDir,
    DataLocation data,
    StackPorts ports,
    int trainers,
    String engine,
    int threadsPerTrainer,
    String workerHeap,
    Duration startupTimeout,
    String listen,
    LocalCredentials credentials) {

  /**
   * Where the dataset service finds CIFAR-10, and the MNIST-format data sets it serves beside it.
   *
   * @param download the archive to fetch into {@code dir} when a file is missing there; empty when
   *     {@code dir} was checked to be complete
   * @param idxDirs the directory of each MNIST-format data set served ("mnist", "fashion-mnist"),
   *     checked to hold its four IDX files
   */
  public record DataLocation(
      Path dir, Optional<CifarArchive> download, Map<String, Path> idxDirs) {}

  /** The host clients dial: the listen address, or loopback when it is a wildcard. */
  String connectHost() {
    return listen.equals("0.0.0.0") || listen.equals("::") ? "localhost" : listen;
  }

  /** The runnable jar of {@code service} in this checkout. */
  public Path jar(Service service) {
    return home.resolve(service.module()).resolve("target").resolve(service.module() + ".jar");
  }
}
