package io.segexport.server.cluster;

import static io.segexport.server.cluster.TestRecords.drained;
import static io.segexport.server.cluster.TestRecords.family;
import static io.segexport.server.cluster.TestRecords.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.profiles.store.ProfileCounts;
import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The Streams instances of one cluster on real brokers, each with its own state folder, as the nodes
 * run them, and what a test reads of them: every partition's families from the instance that owns it.
 */
final class StreamsInstances implements AutoCloseable {

    private static final short REPLICATION = 3;

    private final ClusterNames names;
    private final String bootstrapServers;
    private final Path dir;
    private final int partitions;
    private final Tenant tenant;
    private final byte[] prefix;
    private final Map<Integer, KafkaStreams> running = new HashMap<>();
    private final Map<Integer, GlobalPosition> positions = new HashMap<>();
    private final List<ClusterRecords> records = new ArrayList<>();

    /** A new cluster on the brokers: its topics, with this partition count; its instances' state under {@code dir}. */
    StreamsInstances(ClusterNames names, KafkaBrokers brokers, Path dir, int partitions, Tenant tenant)
            throws Exception {
        this.names = names;
        this.bootstrapServers = brokers.bootstrapServers();
        this.dir = dir;
        this.partitions = partitions;
        this.tenant = tenant;
        this.prefix = Keys.tenant(tenant);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ClusterTopics.create(admin, names, partitions, REPLICATION);
        }
    }

    /** A new cluster on the {@link SharedBrokers}, with instances 1 and 2 started. */
    static StreamsInstances twoOf(ClusterNames names, Path dir, int partitions, Tenant tenant) throws Exception {
        StreamsInstances instances = new StreamsInstances(names, SharedBrokers.get(), dir, partitions, tenant);
        instances.start(1);
        instances.start(2);
        return instances;
    }

    void start(int id) {
        GlobalPosition position = new GlobalPosition();
        KafkaStreams streams = new KafkaStreams(
                ClusterTopology.build(names, position),
                ClusterStreams.config(
                        names, bootstrapServers, dir.resolve(names.cluster() + "-state-" + id), REPLICATION));
        streams.start();
        running.put(id, streams);
        positions.put(id, position);
    }

    void stop(int id) {
        ClusterStreams.leave(running.remove(id));
    }

    /** The catalog's records as instance {@code id} reads and writes them. */
    ClusterRecords records(int id) {
        ClusterRecords node = new ClusterRecords(bootstrapServers, names, running.get(id), positions.get(id));
        records.add(node);
        return node;
    }

    IngestProducer producer() {
        return new IngestProducer(bootstrapServers, names);
    }

    /** Waits until the partitions' counts add up to {@code profiles}. */
    void awaitProfiles(long profiles) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long counted = -1;
        while (System.nanoTime() < deadline) {
            counted = profileCount();
            if (counted == profiles) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the partitions count " + counted + " profiles, not " + profiles);
    }

    /** Waits until every family the partitions hold, together, is the embedded store's, and says so. */
    void awaitFamiliesOf(Database database, long profiles) throws InterruptedException {
        List<Family> families = List.of(Family.IDENTITIES, Family.PROFILES, Family.EVENTS, Family.MEMBERSHIPS);
        Map<Family, Map<String, String>> expected = new HashMap<>();
        for (Family family : families) {
            expected.put(family, hex(family(database, family)));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<Family, Map<String, String>> found = Map.of();
        while (System.nanoTime() < deadline) {
            found = new HashMap<>();
            for (Family family : families) {
                found.put(family, hex(entries(family)));
            }
            if (found.equals(expected) && profileCount() == profiles) {
                break;
            }
            Thread.sleep(500);
        }
        for (Family family : families) {
            assertThat(found.get(family)).as("the %s family", family).isEqualTo(expected.get(family));
        }
        assertThat(profileCount()).isEqualTo(profiles);
    }

    /**
     * Every partition's profiles read as an export reads them ({@link PartitionSource}, from the
     * instance that owns it), in hex; each partition's count is its share of the tenant's.
     */
    Set<String> profilesByPartition(long profilesInAll) {
        Set<String> profiles = new TreeSet<>();
        long counted = 0;
        for (int partition = 0; partition < partitions; partition++) {
            PartitionSource source = ownerOf(partition);
            long before = profiles.size();
            drained(source.allProfiles(tenant, 100))
                    .forEach(profile -> profiles.add(HexFormat.of().formatHex(profile)));
            assertThat(source.profileCount(tenant)).isEqualTo(profiles.size() - before);
            counted += source.profileCount(tenant);
        }
        assertThat(counted).isEqualTo(profilesInAll);
        return profiles;
    }

    private PartitionSource ownerOf(int partition) {
        for (KafkaStreams streams : running.values()) {
            PartitionSource source = PartitionSource.of(streams, partition);
            try {
                source.profileCount(tenant);
                return source;
            } catch (InvalidStateStoreException e) {
                // not active on this instance
            }
        }
        throw new AssertionError("no instance owns partition " + partition);
    }

    /** The family's entries of every partition, from the instance that owns each (active only). */
    private List<KeyValue<Bytes, byte[]>> entries(Family family) {
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        for (KafkaStreams streams : running.values()) {
            try (KeyValueIterator<Bytes, byte[]> it = store(streams, family).all()) {
                it.forEachRemaining(all::add);
            } catch (InvalidStateStoreException e) {
                return List.of(); // a rebalance: asked again
            }
        }
        return all;
    }

    /** Each partition counts the tenant's profiles it holds; the tenant has their sum. */
    private long profileCount() {
        long count = 0;
        for (KeyValue<Bytes, byte[]> entry : entries(Family.META)) {
            if (entry.key.equals(Bytes.wrap(ProfileCounts.key(prefix)))) {
                count += ProfileCounts.count(entry.value);
            }
        }
        return count;
    }

    private static ReadOnlyKeyValueStore<Bytes, byte[]> store(KafkaStreams streams, Family family) {
        return streams.store(StoreQueryParameters.fromNameAndType(
                StoreState.storeName(family), QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
    }

    @Override
    public void close() {
        records.forEach(ClusterRecords::close);
        running.values().forEach(ClusterStreams::leave);
    }
}
