package io.segexport.server.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the cluster's topics: the records topic (compacted) and the job commands topic, each of
 * one partition, so that their records have one order, and the ingest topology's topics, all with one partition count: a partition is the unit of
 * work a node owns, so the count bounds how many nodes can share it, and it cannot change once
 * records are keyed into it. A topic that exists with another count is refused, naming it.
 */
public final class ClusterTopics {
    private ClusterTopics() {}

    public static void create(Admin admin, ClusterNames names, int partitions, short replication)
            throws InterruptedException, ExecutionException {
        for (String name : names.topics()) {
            createIfAbsent(admin, new NewTopic(name, partitions, replication));
        }
        createIfAbsent(
                admin,
                new NewTopic(names.records(), 1, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        createIfAbsent(admin, new NewTopic(names.jobCommands(), 1, replication));
        for (TopicDescription topic : describe(admin, names).values()) {
            if (topic.partitions().size() != partitions) {
                throw new IllegalStateException("the topic " + topic.name() + " has "
                        + topic.partitions().size()
                        + " partitions, not the " + partitions + " asked for; every node must be started with"
                        + " the partition count the topics were created with");
            }
        }
    }

    private static void createIfAbsent(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException {
        try {
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** The topics as the brokers describe them, once each broker knows them: a new topic takes a moment. */
    private static Map<String, TopicDescription> describe(Admin admin, ClusterNames names)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(names.topics()).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
