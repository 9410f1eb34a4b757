package io.segexport.server;

import java.nio.file.Path;

/**
 * How to run the server.
 *
 * @param dataDir  the RocksDB folder
 * @param grpcPort the gRPC port; 0 picks a free one
 * @param httpPort the REST port; 0 picks a free one
 * @param devToken the bearer token every caller must present
 * @param workers  how many export jobs run at once; 0 accepts jobs without running them (they wait as NEW)
 */
public record ServerConfig(Path dataDir, int grpcPort, int httpPort, String devToken, int workers) {
    public ServerConfig {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, not " + workers);
        }
    }
}
