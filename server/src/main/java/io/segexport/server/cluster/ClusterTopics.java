package io.segexport.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
        List<String> all = new ArrayList<>(names.topics());
        all.addAll(List.of(names.records(), names.jobCommands()));
        Map<String, TopicDescription> described = describe(admin, all);
        awaitKnownByEveryBroker(admin, all);
        for (String name : names.topics()) {
            TopicDescription topic = described.get(name);
            if (topic.partitions().size() != partitions) {
                throw new IllegalStateException("the topic " + topic.name() + " has "
                        + topic.partitions().size()
                        + " partitions, not the " + partitions + " asked for; every node must be started with"
                        + " the partition count the topics were created with");
            }
        }
    }

    /**
     * Returns once every broker knows every topic, each asked by a consumer that knows only it: a
     * Streams instance asks whichever broker it reaches first, and finds no partition of a topic
     * that broker has not heard of yet (its global store then fails to start).
     */
    private static void awaitKnownByEveryBroker(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Node broker : admin.describeCluster().nodes().get()) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.host() + ":" + broker.port());
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                for (String topic : topics) {
                    while (consumer.partitionsFor(topic).isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                }
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

    /**
     * The topics as the brokers describe them, once the brokers know every one and each partition
     * has a leader: a new topic takes a moment, and a Streams instance started before finds no
     * partition of it.
     */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Map<String, TopicDescription> described =
                        admin.describeTopics(topics).allTopicNames().get();
                boolean led = described.values().stream()
                        .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null));
                if (led || System.nanoTime() > deadline) {
                    return described;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }
}
