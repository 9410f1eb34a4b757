package io.segexport.server;

import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.segexport.server.store.StoreBackup;
import io.segexport.v1.ExportJob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * Everything the server is but its transports, in either deployment: the embedded store
 * ({@link ServerComponents}) or a node of a cluster ({@link ClusterComponents}). Close the
 * transports first.
 */
interface Components extends AutoCloseable {
    /** The API's services, intercepted; mount every one on each server that serves the API. */
    List<ServerServiceDefinition> api();

    /**
     * Services for the other nodes of a cluster, not part of the API: mounted on the gRPC port only.
     */
    default List<ServerServiceDefinition> peers() {
        return List.of();
    }

    /** Whether the components can take API calls now; once started, embedded ones always can. */
    default boolean isReady() {
        return true;
    }

    /**
     * Backs the store up to {@code target}, a folder that must not exist, while the API serves;
     * empty when a backup is under way already. Only the embedded store can.
     */
    default Optional<StoreBackup.Taken> backUp(Path target) throws IOException, RocksDBException {
        throw new UnsupportedOperationException(
                "a node of a cluster is not backed up on its own: its profiles and jobs live in the cluster");
    }

    /** How long the HTTP server lets a call take before it answers 503. */
    Duration requestTimeout();

    /** Seeds the demo world through {@code channel}, which must reach these components' services. */
    Optional<ExportJob> seedDemo(Channel channel, String devToken, boolean awaitJob) throws InterruptedException;

    /** Ends the watches with UNAVAILABLE, so that the transports can drain without waiting for jobs to end. */
    void endWatches() throws InterruptedException;

    @Override
    void close() throws InterruptedException;
}
