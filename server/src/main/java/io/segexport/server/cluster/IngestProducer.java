package io.segexport.server.cluster;

import io.segexport.server.cluster.stored.RoutedRecord;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.ProfileWrites;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Bytes;

/**
 * Produces checked records to the ingest topic and answers once Kafka has every one of them
 * ({@link ClusterProducers}). An acknowledged record is then ingested by the topology exactly once.
 * As {@link ProfileWrites}, it is where a node's ingestion sends records in cluster mode; a Kafka
 * that does not acknowledge them within {@link ClusterRecords#WAIT} is an UNAVAILABLE error.
 */
public final class IngestProducer implements ProfileWrites, AutoCloseable {
    private final KafkaProducer<Bytes, byte[]> producer;
    private final String topic;

    public IngestProducer(String bootstrapServers, ClusterNames names) {
        this.topic = names.ingest();
        this.producer = ClusterProducers.idempotent(bootstrapServers);
    }

    @Override
    public void ingestProfiles(Tenant tenant, List<ProfileRecord> records, long ingestTime) {
        sendOrUnavailable(tenant, records, (prefix, record) -> RoutedRecords.of(prefix, record, ingestTime));
    }

    @Override
    public void ingestEvents(Tenant tenant, List<EventRecord> records, long ingestTime) {
        sendOrUnavailable(tenant, records, (prefix, record) -> RoutedRecords.of(prefix, record, ingestTime));
    }

    /** Routes each record ({@code route} takes the tenant's key prefix) and sends them all. */
    private <R> void sendOrUnavailable(Tenant tenant, List<R> records, BiFunction<byte[], R, RoutedRecord> route) {
        byte[] prefix = Keys.tenant(tenant);
        List<RoutedRecord> routed =
                records.stream().map(record -> route.apply(prefix, record)).toList();
        try {
            send(routed);
        } catch (ExecutionException | TimeoutException e) {
            throw ServiceErrors.unavailable("could not ingest the records: the cluster's Kafka did not acknowledge"
                    + " them within " + ClusterRecords.WAIT.toSeconds() + " s (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServiceErrors.unavailable("could not ingest the records: interrupted");
        }
    }

    /** Sends the records, in order, and returns once all are acknowledged; throws if one is not. */
    public void send(List<RoutedRecord> records) throws InterruptedException, ExecutionException, TimeoutException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (RoutedRecord record : records) {
            sent.add(producer.send(
                    new ProducerRecord<>(topic, Bytes.wrap(RoutedRecords.key(record)), record.toByteArray())));
        }
        for (Future<RecordMetadata> acknowledged : sent) {
            acknowledged.get(ClusterRecords.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
