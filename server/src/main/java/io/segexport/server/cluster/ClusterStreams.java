package io.segexport.server.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How each node runs the ingest topology: exactly once (v2), with a standby replica of each
 * partition's stores on another node so that a failover does not rebuild them from the changelog,
 * and internal topics replicated as the ingest topics are. A node that stops leaves the group at
 * once; one that dies is given up after {@link #SESSION_TIMEOUT} (Kafka's default is 45 s), after
 * which its partitions move to the others.
 */
public final class ClusterStreams {
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private ClusterStreams() {}

    public static Properties config(ClusterNames names, String bootstrapServers, Path stateDir, short replication) {
        return config(names.applicationId(), bootstrapServers, stateDir, replication);
    }

    /** The same settings for the job ledger's instance, its state in {@code stateDir} too. */
    static Properties ledgerConfig(ClusterNames names, String bootstrapServers, Path stateDir, short replication) {
        return config(names.ledgerApplicationId(), bootstrapServers, stateDir, replication);
    }

    private static Properties config(String applicationId, String bootstrapServers, Path stateDir, short replication) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int)
                SESSION_TIMEOUT.toMillis());
        config.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) SESSION_TIMEOUT.toMillis() / 4);
        return config;
    }

    /** Stops the instance and leaves the group, so that its partitions move without waiting for the timeout. */
    public static void leave(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
