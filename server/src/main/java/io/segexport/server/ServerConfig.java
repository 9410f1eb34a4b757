package io.segexport.server;

import java.nio.file.Path;

/**
 * How to run the server.
 *
 * @param dataDir  the RocksDB folder
 * @param grpcPort the gRPC port; 0 picks a free one
 * @param httpPort the REST port; 0 picks a free one
 * @param devToken the bearer token every caller must present
 */
public record ServerConfig(Path dataDir, int grpcPort, int httpPort, String devToken) {}
