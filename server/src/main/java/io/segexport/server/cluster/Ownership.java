package io.segexport.server.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/** What this node's Streams instances run as the active owner now: which profile partitions, and the job ledger. */
final class Ownership {
    private final KafkaStreams streams;
    private final KafkaStreams ledger;
    private final ClusterNames names;

    Ownership(KafkaStreams streams, KafkaStreams ledger, ClusterNames names) {
        this.streams = streams;
        this.ledger = ledger;
        this.names = names;
    }

    /** The partitions of profiles whose stores this node holds as the active owner, in order. */
    Set<Integer> profilePartitions() {
        Set<Integer> owned = new TreeSet<>();
        for (TopicPartition partition : activePartitions(streams)) {
            if (partition.topic().equals(names.profileRecords())) {
                owned.add(partition.partition());
            }
        }
        return owned;
    }

    /** Whether this node runs the job ledger's task, and so coordinates the jobs. */
    boolean ledger() {
        return activePartitions(ledger).contains(new TopicPartition(names.jobCommands(), 0));
    }

    private static Set<TopicPartition> activePartitions(KafkaStreams streams) {
        Set<TopicPartition> partitions = new HashSet<>();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return partitions;
        }
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                partitions.addAll(task.topicPartitions());
            }
        }
        return partitions;
    }
}
