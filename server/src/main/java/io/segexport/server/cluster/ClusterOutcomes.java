package io.segexport.server.cluster;

import io.segexport.server.engine.SegmentEvaluation;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.store.ProfileKeys;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Tenant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Bytes;

/**
 * Where a cluster's segment evaluation sends the outcomes of one partition's profiles: to that
 * partition of the profile records topic, whose merge ({@link ProfileMerges}) writes them into the
 * partition's stores, so that only the topology writes them. A write returns once the topology has
 * committed the outcomes, so the export that follows reads them, on whichever node owns the partition.
 */
final class ClusterOutcomes implements AutoCloseable {
    /** Outcomes per record: about 100 bytes each, well under Kafka's 1 MB record limit. */
    private static final int PER_RECORD = 1_000;

    private final KafkaProducer<Bytes, byte[]> producer;
    private final SettledIngest merged;
    private final String topic;

    ClusterOutcomes(String bootstrapServers, ClusterNames names, int maxIdentities) {
        this.producer = ClusterProducers.idempotent(bootstrapServers);
        this.merged = new SettledIngest(bootstrapServers, names, maxIdentities);
        this.topic = names.profileRecords();
    }

    /** The outcomes of the profiles of {@code partition}. */
    SegmentEvaluation.Outcomes of(int partition) {
        return (tenant, outcomes, jobId, time) -> write(partition, tenant, outcomes, jobId, time);
    }

    private void write(int partition, Tenant tenant, List<SegmentOutcome> outcomes, String jobId, String time)
            throws IOException, InterruptedException {
        if (outcomes.isEmpty()) {
            return;
        }
        byte[] prefix = Keys.tenant(tenant);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int from = 0; from < outcomes.size(); from += PER_RECORD) {
            List<SegmentOutcome> part = outcomes.subList(from, Math.min(outcomes.size(), from + PER_RECORD));
            byte[] key = ProfileKeys.profile(prefix, part.get(0).profile());
            sent.add(producer.send(new ProducerRecord<>(
                    topic,
                    partition,
                    Bytes.wrap(key),
                    RoutedRecords.of(prefix, part, jobId, time).toByteArray())));
        }
        try {
            long last = -1;
            for (Future<RecordMetadata> acknowledged : sent) {
                last = Math.max(
                        last,
                        acknowledged
                                .get(ClusterRecords.WAIT.toMillis(), TimeUnit.MILLISECONDS)
                                .offset());
            }
            merged.awaitMerged(partition, last + 1, ClusterRecords.WAIT);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(
                    "the segment evaluation's outcomes of partition " + partition + " were not merged within "
                            + ClusterRecords.WAIT.toSeconds() + " s",
                    e);
        }
    }

    @Override
    public void close() {
        producer.close();
        merged.close();
    }
}
