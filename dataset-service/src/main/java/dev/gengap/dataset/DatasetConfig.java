package dev.gengap.dataset;

import dev.gengap.plumbing.security.ServerSecurity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The dataset service's configuration, filled from flags and {@code GENGAP_*} variables.
 *
 * @param dataDir CIFAR-10's directory; null: CIFAR-10 is not served
 * @param idxDirs the directory of each MNIST-format data set to serve ("mnist", "fashion-mnist"); a
 *     data set without one is not served
 * @param download fetch the official files when a data file is missing
 * @param downloadUrl CIFAR-10's archive
 * @param drainGrace how long calls in flight may take to finish on SIGTERM
 * @param variantCacheSize corrupted variants kept in memory at once, per data set
 * @param security TLS, authentication and the listen address
 */
public record DatasetConfig(
    Path dataDir,
    Map<String, Path> idxDirs,
    boolean download,
    URI downloadUrl,
    String downloadMd5,
    int grpcPort,
    int adminPort,
    Duration drainGrace,
    int variantCacheSize,
    ServerSecurity security) {}
