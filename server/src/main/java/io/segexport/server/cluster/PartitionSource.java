package io.segexport.server.cluster;

import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.store.IndexCursor;
import io.segexport.server.profiles.store.MemberKeys;
import io.segexport.server.profiles.store.ProfileChunks;
import io.segexport.server.profiles.store.ProfileCounts;
import io.segexport.server.profiles.store.ProfileKeys;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One partition's profiles, as the export engine reads them ({@link ProfileSource}): its
 * {@code profiles}, {@code events}, {@code memberships} and {@code meta} stores, which
 * {@link ProfileMerges} writes. Within the partition, profiles come in key order, as from the
 * embedded store; a tenant's count is this partition's share. Each read is of the store as it is
 * then, not of one snapshot.
 */
public final class PartitionSource implements ProfileSource {
    private static final BytesSerializer PREFIXES = new BytesSerializer();

    private final Function<Family, ReadOnlyKeyValueStore<Bytes, byte[]>> stores;

    /** {@code stores} gives the partition's store of each family. */
    public PartitionSource(Function<Family, ReadOnlyKeyValueStore<Bytes, byte[]>> stores) {
        this.stores = stores;
    }

    /** The partition's stores as this instance holds them; they must be active here (else InvalidStateStoreException). */
    public static PartitionSource of(KafkaStreams streams, int partition) {
        return new PartitionSource(family -> streams.store(StoreQueryParameters.fromNameAndType(
                        StoreState.storeName(family), QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                .withPartition(partition)));
    }

    @Override
    public ProfileChunks allProfiles(Tenant tenant, int chunkSize) {
        KeyValueIterator<Bytes, byte[]> it =
                stores.apply(Family.PROFILES).prefixScan(Bytes.wrap(Keys.tenant(tenant)), PREFIXES);
        return new ProfileChunks() {
            @Override
            public List<byte[]> next() {
                List<byte[]> chunk = new ArrayList<>(chunkSize);
                while (chunk.size() < chunkSize && it.hasNext()) {
                    chunk.add(it.next().value);
                }
                return chunk;
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }

    @Override
    public ProfileChunks members(
            Tenant tenant, List<SegmentStatus> statuses, Predicate<Membership> accepts, int chunkSize) {
        MemberKeys keys = memberKeys(tenant, statuses, accepts);
        ReadOnlyKeyValueStore<Bytes, byte[]> profiles = stores.apply(Family.PROFILES);
        return new ProfileChunks() {
            @Override
            public List<byte[]> next() {
                List<byte[]> chunk = new ArrayList<>(chunkSize);
                byte[] key;
                while (chunk.size() < chunkSize && (key = keys.next()) != null) {
                    // A profile and its index entries are written in one task's commit.
                    byte[] profile = profiles.get(Bytes.wrap(key));
                    if (profile != null) {
                        chunk.add(profile);
                    }
                }
                return chunk;
            }

            @Override
            public void close() {
                keys.close();
            }
        };
    }

    @Override
    public long memberCount(Tenant tenant, List<SegmentStatus> statuses, Predicate<Membership> accepts) {
        try (MemberKeys keys = memberKeys(tenant, statuses, accepts)) {
            return keys.count();
        }
    }

    private MemberKeys memberKeys(Tenant tenant, List<SegmentStatus> statuses, Predicate<Membership> accepts) {
        ReadOnlyKeyValueStore<Bytes, byte[]> index = stores.apply(Family.MEMBERSHIPS);
        Function<byte[], IndexCursor> cursors =
                prefix -> new StoreCursor(index.prefixScan(Bytes.wrap(prefix), PREFIXES));
        return new MemberKeys(cursors, Keys.tenant(tenant), statuses, accepts);
    }

    @Override
    public long profileCount(Tenant tenant) {
        return ProfileCounts.count(stores.apply(Family.META).get(Bytes.wrap(ProfileCounts.key(Keys.tenant(tenant)))));
    }

    /** The range's upper end is inclusive: the bare key at {@code toIngestTime} is below every event key at that time. */
    @Override
    public List<StoredEvent> events(Tenant tenant, IdentityKey primary, long fromIngestTime, long toIngestTime) {
        byte[] profileKey = ProfileKeys.profile(Keys.tenant(tenant), primary);
        List<StoredEvent> events = new ArrayList<>();
        if (toIngestTime <= Math.max(0, fromIngestTime)) {
            return events;
        }
        try (KeyValueIterator<Bytes, byte[]> it = stores.apply(Family.EVENTS)
                .range(
                        Bytes.wrap(ProfileKeys.eventsFrom(profileKey, fromIngestTime)),
                        Bytes.wrap(ProfileKeys.eventsFrom(profileKey, toIngestTime)))) {
            it.forEachRemaining(entry -> events.add(StoredValues.parse(StoredEvent.parser(), entry.value, "event")));
        }
        return events;
    }

    @Override
    public void close() {}
}
