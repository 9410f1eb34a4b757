package io.segexport.server.cluster;

import com.google.protobuf.ByteString;
import io.segexport.server.cluster.stored.BatchEventsRemoval;
import io.segexport.server.cluster.stored.RoutedRecord;
import io.segexport.server.ingest.batches.ProcessingSite;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Tenant;
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
 * A REVERT's removal of a batch's events in a cluster: once every record acknowledged before it is
 * merged (so the batch's events are all in their partitions), one removal goes to every partition
 * of the profile records topic, whose merge ({@link ProfileMerges}) deletes them there; it returns
 * once every partition has committed it.
 */
final class ClusterEventRemoval implements ProcessingSite.EventRemoval, AutoCloseable {
    private final KafkaProducer<Bytes, byte[]> producer;
    private final SettledIngest merged;
    private final String topic;
    private final int partitions;

    ClusterEventRemoval(String bootstrapServers, ClusterNames names, int partitions, int maxIdentities) {
        this.producer = ClusterProducers.idempotent(bootstrapServers);
        this.merged = new SettledIngest(bootstrapServers, names, maxIdentities);
        this.topic = names.profileRecords();
        this.partitions = partitions;
    }

    @Override
    public void remove(Tenant tenant, String batchId, long ingestTime) {
        byte[] prefix = Keys.tenant(tenant);
        RoutedRecord removal = RoutedRecord.newBuilder()
                .setTenant(ByteString.copyFrom(prefix))
                .setRemoval(BatchEventsRemoval.newBuilder().setBatchId(batchId).setIngestTime(ingestTime))
                .build();
        try {
            merged.await(ClusterRecords.WAIT);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                sent.add(producer.send(
                        new ProducerRecord<>(topic, partition, Bytes.wrap(prefix), removal.toByteArray())));
            }
            for (Future<RecordMetadata> acknowledged : sent) {
                RecordMetadata at = acknowledged.get(ClusterRecords.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                merged.awaitMerged(at.partition(), at.offset() + 1, ClusterRecords.WAIT);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw ClusterRecords.unavailable("remove the events of batch " + batchId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClusterRecords.unavailable("remove the events of batch " + batchId, e);
        }
    }

    @Override
    public void close() {
        producer.close();
        merged.close();
    }
}
