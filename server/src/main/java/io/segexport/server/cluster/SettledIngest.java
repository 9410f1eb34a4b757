package io.segexport.server.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Waits until every record Kafka acknowledged before the wait began is merged into its profile's
 * partition: what a job's export must read. A record goes from the ingest topic through the hops
 * topic (one hop per identity it visits, at most two per identity) to the profile records topic, so
 * the wait goes in rounds: take the ends of the ingest and hops topics, wait until the topology has
 * consumed up to them; again, until a round finds the ends where the last left them (no record moved
 * on) or as many rounds as a record can hop; then the same once for the profile records topic.
 *
 * <p>"Consumed up to" is read from the group's committed offsets, which exactly once commits with
 * the stores' changes and the records sent on. A committed offset short of the end is also consumed
 * when only transaction markers lie between, which a read-committed consumer skips: it looks, but
 * only at a partition whose committed offset has not moved since the last poll, and reads one
 * record at most. Looking at every partition short of its end on every poll fetched the whole
 * backlog again and again, and took more of a node's CPU than the merge it was waiting for.
 *
 * <p>The ends are the logs' ends, records of open transactions included, not the ends a
 * read-committed consumer sees. A transaction's commit reaches the consumer offsets' partition and
 * the partitions it wrote in no set order: a committed offset can be read while the records that
 * transaction sent on are not yet visible to read-committed readers, and a round that took those
 * ends would find nothing moved and stop short. A record is in its log's end once its producer has
 * it acknowledged, before its transaction commits.
 */
final class SettledIngest implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    /** What a look past a committed offset fetches of a partition: enough for a record or a few markers. */
    private static final int PEEK_BYTES = 64 * 1024;

    private final ClusterNames names;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int maxRounds;

    /** {@code maxIdentities}: the most identities a record may have (the record-identities limit). */
    SettledIngest(String bootstrapServers, ClusterNames names, int maxIdentities) {
        this.names = names;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PEEK_BYTES);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.maxRounds = 2 * maxIdentities + 1;
    }

    /** Returns once the records acknowledged before this call are merged; a TimeoutException after {@code timeout}. */
    synchronized void await(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> resolving = partitions(List.of(names.ingest(), names.hops()));
        Map<TopicPartition, Long> last = null;
        for (int round = 0; round < maxRounds; round++) {
            Map<TopicPartition, Long> ends = logEnds(resolving);
            awaitConsumed(ends, deadline);
            if (ends.equals(last)) {
                break;
            }
            last = ends;
        }
        awaitConsumed(logEnds(partitions(List.of(names.profileRecords()))), deadline);
    }

    /** Where each partition's log ends, records of open transactions included (see the class's comment). */
    private Map<TopicPartition, Long> logEnds(List<TopicPartition> partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all()
                    .get()
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read where the topology's topics end", e.getCause());
        }
    }

    /** Returns once the topology has merged the profile records topic's {@code partition} up to {@code offset}. */
    synchronized void awaitMerged(int partition, long offset, Duration timeout)
            throws InterruptedException, TimeoutException {
        awaitConsumed(
                Map.of(new TopicPartition(names.profileRecords(), partition), offset),
                System.nanoTime() + timeout.toNanos());
    }

    private List<TopicPartition> partitions(List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    private void awaitConsumed(Map<TopicPartition, Long> ends, long deadline)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, Long> left = new HashMap<>(ends);
        Map<TopicPartition, Long> before = Map.of();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = admin.listConsumerGroupOffsets(names.applicationId())
                        .partitionsToOffsetAndMetadata()
                        .get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not read the topology's offsets", e.getCause());
            }
            Map<TopicPartition, Long> from = new HashMap<>();
            Map<TopicPartition, Long> stalled = new HashMap<>();
            for (Map.Entry<TopicPartition, Long> end : left.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                long offset = at == null ? 0 : at.offset();
                if (offset < end.getValue()) {
                    from.put(end.getKey(), offset);
                    if (before.getOrDefault(end.getKey(), -1L) == offset) {
                        stalled.put(end.getKey(), offset);
                    }
                }
            }
            before = from;
            Set<TopicPartition> markersOnly = new HashSet<>(stalled.keySet());
            markersOnly.removeAll(unread(stalled, left));
            left.keySet().retainAll(from.keySet());
            left.keySet().removeAll(markersOnly);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the cluster's topology has not consumed " + left.keySet());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Those of the partitions that hold a record between {@code from} and their end (not only markers). */
    private Set<TopicPartition> unread(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        Set<TopicPartition> unread = new HashSet<>();
        if (from.isEmpty()) {
            return unread;
        }
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        Set<TopicPartition> looking = new HashSet<>(from.keySet());
        long until = System.nanoTime() + POLL.multipliedBy(5).toNanos();
        while (!looking.isEmpty() && System.nanoTime() < until) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (looking.contains(partition) && record.offset() < ends.get(partition)) {
                    unread.add(partition);
                    looking.remove(partition);
                }
            }
            looking.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            // A partition already answered for is fetched no more: its records would keep every poll busy.
            Set<TopicPartition> answered = new HashSet<>(from.keySet());
            answered.removeAll(looking);
            consumer.pause(answered);
        }
        unread.addAll(looking);
        consumer.assign(List.of());
        return unread;
    }

    @Override
    public void close() {
        consumer.close();
        admin.close();
    }
}
