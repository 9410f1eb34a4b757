package io.segexport.server.cluster;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.segexport.server.store.Keys;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Records;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Records of one kind in the records topic, read from this node's global store ({@link
 * ClusterRecords}). A write returns once Kafka has it and this node's store applied it; a read first
 * waits for the store to reach the topic's end, so that a write acknowledged by any node is read by
 * every node. Keys are (kind, tenant, id), so a tenant's records of a kind are one range, in id order.
 */
final class GlobalRecords<T extends Message> implements Records<T> {
    private final ClusterRecords cluster;
    private final byte[] kindPrefix;
    private final Parser<T> parser;
    private final String kind;

    GlobalRecords(ClusterRecords cluster, String kind, Parser<T> parser) {
        this.cluster = cluster;
        this.kindPrefix = GlobalKeys.kind(kind);
        this.parser = parser;
        this.kind = kind;
    }

    @Override
    public void put(Tenant tenant, String id, T record) {
        cluster.write(key(tenant, id), record.toByteArray(), "store " + kind + " " + id);
    }

    @Override
    public Optional<T> get(Tenant tenant, String id) {
        return Optional.ofNullable(parse(cluster.read("read " + kind + " " + id).get(Bytes.wrap(key(tenant, id)))));
    }

    @Override
    public void delete(Tenant tenant, String id) {
        cluster.write(key(tenant, id), null, "delete " + kind + " " + id);
    }

    /** A keyset page: a range from the key after {@code after}, so that it costs the same however far in. */
    @Override
    public KeysetPage<T> list(Tenant tenant, String after, int limit) {
        byte[] prefix = prefix(tenant);
        byte[] afterKey = after.isEmpty() ? null : key(tenant, after);
        ReadOnlyKeyValueStore<Bytes, byte[]> store = cluster.read("list the " + kind + " records");
        List<T> items = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = afterKey == null
                ? store.prefixScan(Bytes.wrap(prefix), ClusterRecords.PREFIXES)
                : store.range(Bytes.wrap(afterKey), null)) {
            while (it.hasNext() && items.size() <= limit) {
                KeyValue<Bytes, byte[]> entry = it.next();
                if (!Keys.startsWith(entry.key.get(), prefix)) {
                    break;
                }
                if (afterKey == null || !Arrays.equals(entry.key.get(), afterKey)) {
                    items.add(parse(entry.value));
                }
            }
        }
        return KeysetPage.ofOneMore(items, limit);
    }

    @Override
    public List<T> all() {
        List<T> records = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = cluster.read("list the " + kind + " records")
                .prefixScan(Bytes.wrap(kindPrefix), ClusterRecords.PREFIXES)) {
            it.forEachRemaining(entry -> records.add(parse(entry.value)));
        }
        return records;
    }

    private byte[] prefix(Tenant tenant) {
        return GlobalKeys.of(kindPrefix, Keys.tenant(tenant));
    }

    private byte[] key(Tenant tenant, String id) {
        return GlobalKeys.record(kind, Keys.tenant(tenant), id);
    }

    private T parse(byte[] value) {
        return StoredValues.parse(parser, value, kind);
    }
}
