package io.segexport.server;

import io.segexport.server.limits.Limits;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the server.
 *
 * @param dataDir  the RocksDB folder
 * @param grpcPort the gRPC port; 0 picks a free one
 * @param httpPort the REST port; 0 picks a free one
 * @param devToken the bearer token every caller must present
 * @param workers  how many export jobs run at once; 0 accepts jobs without running them (they wait as NEW)
 * @param limits   the limits callers are held to ({@code --limit NAME=VALUE})
 */
public record ServerConfig(Path dataDir, int grpcPort, int httpPort, String devToken, int workers, Limits limits) {
    public ServerConfig {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, not " + workers);
        }
        Objects.requireNonNull(limits, "limits");
    }

    /** A configuration with the default limits. */
    public ServerConfig(Path dataDir, int grpcPort, int httpPort, String devToken, int workers) {
        this(dataDir, grpcPort, httpPort, devToken, workers, Limits.DEFAULTS);
    }

    public ServerConfig withLimits(Limits limits) {
        return new ServerConfig(dataDir, grpcPort, httpPort, devToken, workers, limits);
    }
}
