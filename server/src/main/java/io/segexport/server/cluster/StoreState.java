package io.segexport.server.cluster;

import io.segexport.server.profiles.store.ProfileState;
import io.segexport.server.store.Database.Family;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A partition's Kafka Streams state stores as a {@link ProfileState}, one store per family, named as
 * the family is. Writes go straight to the stores: the task's commit makes them and the records it
 * produced durable together (exactly once).
 */
final class StoreState implements ProfileState {
    private final Map<Family, KeyValueStore<Bytes, byte[]>> stores = new EnumMap<>(Family.class);

    /** The stores of these families that the processor of {@code context} is connected to. */
    StoreState(ProcessorContext<?, ?> context, List<Family> families) {
        for (Family family : families) {
            stores.put(family, context.getStateStore(storeName(family)));
        }
    }

    static String storeName(Family family) {
        return family.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<byte[]> read(Family family, List<byte[]> keys) {
        KeyValueStore<Bytes, byte[]> store = store(family);
        List<byte[]> values = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            values.add(store.get(Bytes.wrap(key)));
        }
        return values;
    }

    @Override
    public void put(Family family, byte[] key, byte[] value) {
        store(family).put(Bytes.wrap(key), value);
    }

    @Override
    public void delete(Family family, byte[] key) {
        store(family).delete(Bytes.wrap(key));
    }

    private KeyValueStore<Bytes, byte[]> store(Family family) {
        KeyValueStore<Bytes, byte[]> store = stores.get(family);
        if (store == null) {
            throw new IllegalStateException("this partition's processor has no store of " + family);
        }
        return store;
    }
}
