package io.segexport.server;

import io.segexport.server.tls.TlsFiles;
import java.nio.file.Path;

/**
 * How to run the server.
 *
 * @param dataDir  the RocksDB folder
 * @param grpcPort the gRPC port; 0 picks a free one
 * @param httpPort the REST port; 0 picks a free one
 * @param devToken the bearer token every caller must present
 * @param workers  how many export jobs run at once; 0 accepts jobs without running them (they wait as NEW)
 * @param tls      the certificate and key both ports serve TLS with, only TLS; null for plaintext
 */
public record ServerConfig(Path dataDir, int grpcPort, int httpPort, String devToken, int workers, TlsFiles tls) {
    public ServerConfig {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, not " + workers);
        }
    }

    /** A plaintext server. */
    public ServerConfig(Path dataDir, int grpcPort, int httpPort, String devToken, int workers) {
        this(dataDir, grpcPort, httpPort, devToken, workers, null);
    }

    /** The same settings, serving TLS with these files (or plaintext, given null). */
    public ServerConfig withTls(TlsFiles tls) {
        return new ServerConfig(dataDir, grpcPort, httpPort, devToken, workers, tls);
    }
}
