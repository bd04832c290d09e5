package dev.gengap.dataset;

import dev.gengap.plumbing.security.ServerSecurity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The dataset service's configuration, filled from flags and {@code GENGAP_*} variables.
 *
 * @param drainGrace how long calls in flight may take to finish on SIGTERM
 * @param download fetch the official archive when a data file is missing
 * @param variantCacheSize corrupted variants kept in memory at once
 * @param security TLS, authentication and the listen address
 */
public record DatasetConfig(
    Path dataDir,
    boolean download,
    URI downloadUrl,
    String downloadMd5,
    int grpcPort,
    int adminPort,
    Duration drainGrace,
    int variantCacheSize,
    ServerSecurity security) {}
