package io.segexport.server.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/** What this node's Streams instance runs as the active owner now: which profile partitions, and the job ledger. */
final class Ownership {
    private final KafkaStreams streams;
    private final ClusterNames names;

    Ownership(KafkaStreams streams, ClusterNames names) {
        this.streams = streams;
        this.names = names;
    }

    /** The partitions of profiles whose stores this node holds as the active owner, in order. */
    Set<Integer> profilePartitions() {
        Set<Integer> owned = new TreeSet<>();
        for (TopicPartition partition : activePartitions()) {
            if (partition.topic().equals(names.profileRecords())) {
                owned.add(partition.partition());
            }
        }
        return owned;
    }

    /** Whether this node runs the job ledger's task, and so coordinates the jobs. */
    boolean ledger() {
        return activePartitions().contains(new TopicPartition(names.jobCommands(), 0));
    }

    private Set<TopicPartition> activePartitions() {
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
