package io.segexport.server.cluster;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the records topic in this node's global store: a value replaces, a tombstone removes. Kafka
 * Streams also runs it when it restores the store at start, so the position it reports is the store's.
 */
final class GlobalRecordsProcessor implements Processor<Bytes, byte[], Void, Void> {
    static final String STORE = "records";

    private final GlobalPosition position;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<Bytes, byte[]> store;

    GlobalRecordsProcessor(GlobalPosition position) {
        this.position = position;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        context.recordMetadata().ifPresent(metadata -> position.applied(metadata.offset()));
    }
}
