package io.segexport.server;

import java.nio.file.Path;

/**
 * How to run the server.
 *
 * @param dataDir  the RocksDB folder
 * @param grpcPort the gRPC port; 0 picks a free one
 * @param httpPort the REST port; 0 picks a free one
 * @param devToken the bearer token every caller must present
 * @param workers  how many export jobs run at once
 */
public record ServerConfig(Path dataDir, int grpcPort, int httpPort, String devToken, int workers) {
    public ServerConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
    }
}
