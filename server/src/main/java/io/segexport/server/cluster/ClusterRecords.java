package io.segexport.server.cluster;

import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Records;
import io.segexport.v1.Batch;
import io.segexport.v1.DataSet;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.SegmentDefinition;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A node's datasets, batches, merge policies and segment definitions in cluster mode: one compacted,
 * single-partition records topic that every node keeps whole in its global store, so that any node
 * answers any read. Writes go through the idempotent producer and wait until this node's store has
 * them; reads wait until the store has everything written before they start ({@link #awaitEnd}). A Kafka that
 * does not answer within {@link #WAIT} is an UNAVAILABLE error, which a client may retry.
 */
public final class ClusterRecords implements AutoCloseable {
    static final BytesSerializer PREFIXES = new BytesSerializer();
    static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaProducer<Bytes, byte[]> producer;
    private final Syncs syncs = new Syncs();
    private final KafkaStreams streams;
    private final GlobalPosition position;
    private final TopicPartition partition;

    /** {@code streams} runs {@link ClusterTopology#build} with {@code position}. */
    public ClusterRecords(String bootstrapServers, ClusterNames names, KafkaStreams streams, GlobalPosition position) {
        this.producer = ClusterProducers.idempotent(bootstrapServers);
        this.streams = streams;
        this.position = position;
        this.partition = new TopicPartition(names.records(), 0);
    }

    public Records<DataSet> dataSets() {
        return new GlobalRecords<>(this, "datasets", DataSet.parser());
    }

    public Records<Batch> batches() {
        return new GlobalRecords<>(this, GlobalKeys.BATCHES, Batch.parser());
    }

    public Records<MergePolicy> mergePolicies() {
        return new GlobalRecords<>(this, "merge_policies", MergePolicy.parser());
    }

    public Records<SegmentDefinition> segmentDefinitions() {
        return new GlobalRecords<>(this, "segment_definitions", SegmentDefinition.parser());
    }

    /** Writes {@code value} (null: removes) at {@code key}; returns once this node's store has it. */
    void write(byte[] key, byte[] value, String what) {
        try {
            RecordMetadata written = producer.send(
                            new ProducerRecord<>(partition.topic(), partition.partition(), Bytes.wrap(key), value))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            position.await(written.offset(), WAIT);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        }
    }

    /** This node's store, once it holds every record written before this call. */
    ReadOnlyKeyValueStore<Bytes, byte[]> read(String what) {
        awaitEnd(what);
        return store();
    }

    /** This node's store as it is: for the work that polls it, which takes what it missed at the next poll. */
    ReadOnlyKeyValueStore<Bytes, byte[]> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(
                GlobalRecordsProcessor.STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
    }

    /**
     * Returns once this node's store holds every record written before this call. The topic's end
     * offset cannot tell: the job ledger writes in transactions, whose markers take offsets that no
     * record applies. So the node writes a sync record and waits until its store has applied it, as
     * a read through the log; the readers that arrive while a sync is on its way share the next one.
     */
    void awaitEnd(String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long ticket;
        synchronized (syncs) {
            ticket = ++syncs.asked;
        }
        try {
            while (true) {
                long covering;
                synchronized (syncs) {
                    if (syncs.served >= ticket) {
                        return;
                    }
                    if (syncs.sending) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new TimeoutException("no sync record was applied within " + WAIT.toSeconds() + " s");
                        }
                        syncs.wait(Math.max(1, left / 1_000_000));
                        continue;
                    }
                    syncs.sending = true;
                    covering = syncs.asked;
                }
                try {
                    RecordMetadata sync = producer.send(new ProducerRecord<>(
                                    partition.topic(), partition.partition(), Bytes.wrap(GlobalKeys.SYNC), new byte[0]))
                            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    position.await(sync.offset(), WAIT);
                    synchronized (syncs) {
                        syncs.served = Math.max(syncs.served, covering);
                    }
                } finally {
                    synchronized (syncs) {
                        syncs.sending = false;
                        syncs.notifyAll();
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        }
    }

    /** The readers' syncs: how many asked, how many the last applied sync served, whether one is on its way. */
    private static final class Syncs {
        private long asked;
        private long served;
        private boolean sending;
    }

    static RuntimeException unavailable(String what, Exception e) {
        return ServiceErrors.unavailable("could not " + what + ": the cluster's Kafka did not answer within "
                + WAIT.toSeconds() + " s (" + e + ")");
    }

    @Override
    public void close() {
        producer.close();
    }
}
