package io.segexport.server.cluster;

import io.segexport.server.profiles.store.IndexCursor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/** An {@link IndexCursor} on a Kafka Streams store's iterator (a prefix scan, in key order). */
final class StoreCursor implements IndexCursor {
    private final KeyValueIterator<Bytes, byte[]> it;
    private KeyValue<Bytes, byte[]> current;

    StoreCursor(KeyValueIterator<Bytes, byte[]> it) {
        this.it = it;
        next();
    }

    @Override
    public boolean isValid() {
        return current != null;
    }

    @Override
    public byte[] key() {
        return current.key.get();
    }

    @Override
    public byte[] value() {
        return current.value;
    }

    @Override
    public void next() {
        current = it.hasNext() ? it.next() : null;
    }

    @Override
    public void close() {
        it.close();
    }
}
