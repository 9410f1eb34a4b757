package io.segexport.server.cluster;

import io.segexport.server.cluster.stored.RoutedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Produces checked records to the ingest topic and answers once Kafka has every one of them on its
 * in-sync replicas: the idempotent producer with {@code acks=all}, so that a retry neither loses nor
 * doubles a record. An acknowledged record is then ingested by the topology exactly once.
 */
public final class IngestProducer implements AutoCloseable {
    private final KafkaProducer<Bytes, byte[]> producer;
    private final String topic;

    public IngestProducer(String bootstrapServers, ClusterNames names) {
        this.topic = names.ingest();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(config, new BytesSerializer(), new ByteArraySerializer());
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
