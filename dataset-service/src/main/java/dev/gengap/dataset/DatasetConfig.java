package dev.gengap.dataset;

import dev.gengap.plumbing.security.ServerSecurity;
import java.net.URI;
import java.nio.file.Path;

/**
 * The dataset service's configuration, filled from flags and {@code GENGAP_*} variables.
 *
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
    int variantCacheSize,
    ServerSecurity security) {}
