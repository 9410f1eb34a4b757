package io.segexport.server.cluster;

import io.segexport.server.cluster.stored.RoutedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Bytes;

/**
 * Produces checked records to the ingest topic and answers once Kafka has every one of them
 * ({@link ClusterProducers}). An acknowledged record is then ingested by the topology exactly once.
 */
public final class IngestProducer implements AutoCloseable {
    private final KafkaProducer<Bytes, byte[]> producer;
    private final String topic;

    public IngestProducer(String bootstrapServers, ClusterNames names) {
        this.topic = names.ingest();
        this.producer = ClusterProducers.idempotent(bootstrapServers);
    }

    /** Sends the records, in order, and returns once all are acknowledged; throws if one is not. */
    public void send(List<RoutedRecord> records) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (RoutedRecord record : records) {
            sent.add(producer.send(
                    new ProducerRecord<>(topic, Bytes.wrap(RoutedRecords.key(record)), record.toByteArray())));
        }
        for (Future<RecordMetadata> acknowledged : sent) {
            acknowledged.get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
