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
    /**
     * How often the ingest topology commits (exactly once's default is 100 ms). Each commit ends a
     * transaction with a marker in every partition it wrote, three replicas each: at 100 ms the
     * markers cost the brokers as much as the records. A record reaches the next stage once its
     * stage commits, so a commit interval is also a hop's latency.
     */
    static final Duration INGEST_COMMIT_INTERVAL = Duration.ofSeconds(1);

    private ClusterStreams() {}

    public static Properties config(ClusterNames names, String bootstrapServers, Path stateDir, short replication) {
        Properties config = config(names.applicationId(), bootstrapServers, stateDir, replication);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) INGEST_COMMIT_INTERVAL.toMillis());
        return config;
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
