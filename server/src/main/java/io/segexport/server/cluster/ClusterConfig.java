package io.segexport.server.cluster;

import java.util.Objects;

/**
 * How a node joins a cluster.
 *
 * @param name             the cluster's name: its topics and Streams application id derive from it
 *                         ({@link ClusterNames}), so that clusters can share a Kafka
 * @param bootstrapServers the Kafka brokers, host:port,...
 * @param nodeId           this node's name, in its logs and its state folder
 * @param partitions       the partition count the topics are created with; every node must give the same
 * @param replication      the replication factor of the topics (3 in production, with min.insync.replicas=2)
 */
public record ClusterConfig(String name, String bootstrapServers, String nodeId, int partitions, short replication) {
    public static final int DEFAULT_PARTITIONS = 32;

    public ClusterConfig {
        new ClusterNames(name);
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--kafka names no brokers");
        }
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "--node-id must be 1 to 64 letters, digits, '.', '_' or '-', not '" + nodeId + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be positive, not " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("--replication must be positive, not " + replication);
        }
    }
}
