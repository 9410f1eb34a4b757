package io.segexport.server.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
 * @param advertisedHost   the name or address the other nodes reach this node's gRPC port at, for
 *                         profile lookups in partitions this node owns
 */
public record ClusterConfig(
        String name, String bootstrapServers, String nodeId, int partitions, short replication, String advertisedHost) {
    public static final int DEFAULT_PARTITIONS = 32;

    /** A node that the others reach at this machine's host name. */
    public ClusterConfig(String name, String bootstrapServers, String nodeId, int partitions, short replication) {
        this(name, bootstrapServers, nodeId, partitions, replication, localHostName());
    }

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
        if (advertisedHost == null || !advertisedHost.matches("[A-Za-z0-9.:_-]{1,253}")) {
            throw new IllegalArgumentException(
                    "--advertised-host must be a host name or address, not '" + advertisedHost + "'");
        }
    }

    /** This machine's host name, as other machines usually reach it; "localhost" when it has none. */
    public static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
