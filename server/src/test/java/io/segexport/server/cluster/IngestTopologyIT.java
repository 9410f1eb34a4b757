package io.segexport.server.cluster;

import static io.segexport.server.cluster.TestRecords.drained;
import static io.segexport.server.cluster.TestRecords.eventRecord;
import static io.segexport.server.cluster.TestRecords.identity;
import static io.segexport.server.cluster.TestRecords.profileRecord;
import static io.segexport.server.cluster.TestRecords.withMembership;
import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.cluster.stored.RoutedRecord;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.ProfileSnapshot;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.store.Database;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Tenant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest topology on three real brokers, in two Kafka Streams instances over eight partitions,
 * exactly once: records produced through {@link IngestProducer} end in the partitions' stores as
 * the embedded store keeps the same records, byte for byte, also when an instance leaves in the
 * middle and comes back. The records are such that their outcome does not depend on the order in
 * which partitions process them: every person's identities are linked by one founding record before
 * the others are sent, and fragment and membership times are distinct.
 */
class IngestTopologyIT {
    private static final Tenant TENANT = new Tenant("A@AdobeOrg", "prod");
    private static final byte[] PREFIX = Keys.tenant(TENANT);
    private static final int PARTITIONS = 8;
    private static final int PEOPLE = 200;
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    @TempDir
    static Path dir;

    @Test
    void twoInstancesKeepWhatTheEmbeddedStoreKeeps() throws Exception {
        ClusterNames names = newCluster();
        Random random = new Random(1);
        try (Database database = Database.open(dir.resolve(names.cluster() + "-embedded"));
                StreamsInstances instances = StreamsInstances.twoOf(names, dir, PARTITIONS, TENANT);
                IngestProducer producer = instances.producer()) {
            ProfileStore embedded = new ProfileStore(database);

            send(producer, embedded, founders());
            instances.awaitProfiles(PEOPLE);
            send(producer, embedded, others(random, 0, 1_500));

            instances.awaitFamiliesOf(database, PEOPLE);
            assertThat(instances.profilesByPartition(PEOPLE)).isEqualTo(profilesOf(embedded));
        }
    }

    /** The embedded store's profiles, in hex, as a set. */
    private static Set<String> profilesOf(ProfileStore embedded) {
        Set<String> profiles = new TreeSet<>();
        try (ProfileSnapshot snapshot = embedded.snapshot()) {
            drained(snapshot.allProfiles(TENANT, 100))
                    .forEach(profile -> profiles.add(HexFormat.of().formatHex(profile)));
        }
        return profiles;
    }

    @Test
    void anInstanceThatLeavesMidIngestAndComesBackLosesNothing() throws Exception {
        ClusterNames names = newCluster();
        Random random = new Random(2);
        try (Database database = Database.open(dir.resolve(names.cluster() + "-embedded"));
                StreamsInstances instances = StreamsInstances.twoOf(names, dir, PARTITIONS, TENANT);
                IngestProducer producer = instances.producer()) {
            ProfileStore embedded = new ProfileStore(database);
            send(producer, embedded, founders());
            instances.awaitProfiles(PEOPLE);

            send(producer, embedded, others(random, 0, 500));
            instances.stop(2);
            send(producer, embedded, others(random, 500, 1_000));
            instances.start(2);
            send(producer, embedded, others(random, 1_000, 1_500));

            instances.awaitFamiliesOf(database, PEOPLE);
        }
    }

    private static ClusterNames newCluster() {
        return new ClusterNames("it-" + CLUSTERS.incrementAndGet());
    }

    /** A record and the ingest time it is stored at, in both stores. */
    private record Timed(Object record, long ingestTime) {}

    /** Each person's first record: a profile record with all three identities, the email first. */
    private static List<Timed> founders() {
        List<Timed> records = new ArrayList<>();
        for (int person = 0; person < PEOPLE; person++) {
            records.add(new Timed(profileRecord(-1 - person, "ds0", identitiesOf(person)), 1_000 + person));
        }
        return records;
    }

    /**
     * Records {@code from} to {@code to} (each numbered, so times are distinct): profile records of
     * either dataset, some with a membership, and events, each naming some of one person's identities
     * in any order.
     */
    private static List<Timed> others(Random random, int from, int to) {
        List<Timed> records = new ArrayList<>();
        for (int n = from; n < to; n++) {
            List<StoredIdentity> identities = new ArrayList<>(List.of(identitiesOf(random.nextInt(PEOPLE))));
            Collections.shuffle(identities, random);
            StoredIdentity[] some = identities.subList(0, 1 + random.nextInt(3)).toArray(StoredIdentity[]::new);
            Object record;
            if (random.nextInt(10) < 6) {
                ProfileRecord profile = profileRecord(n, "ds" + random.nextInt(2), some);
                record = random.nextInt(4) == 0
                        ? withMembership(profile, random.nextBoolean() ? "realized" : "exited", n)
                        : profile;
            } else {
                record = eventRecord("e-" + n, some);
            }
            records.add(new Timed(record, 10_000 + n));
        }
        return records;
    }

    private static StoredIdentity[] identitiesOf(int person) {
        return new StoredIdentity[] {
            identity("email", "p" + person + "@example.com"),
            identity("ecid", "c" + person),
            identity("phone", "+" + person)
        };
    }

    /** Sends the records to the cluster (acknowledged when this returns) and to the embedded store. */
    private static void send(IngestProducer producer, ProfileStore embedded, List<Timed> records) throws Exception {
        List<RoutedRecord> routed = new ArrayList<>();
        for (Timed timed : records) {
            if (timed.record() instanceof ProfileRecord profile) {
                embedded.ingestProfiles(TENANT, List.of(profile), timed.ingestTime());
                routed.add(RoutedRecords.of(PREFIX, profile, timed.ingestTime()));
            } else {
                EventRecord event = (EventRecord) timed.record();
                embedded.ingestEvents(TENANT, List.of(event), timed.ingestTime());
                routed.add(RoutedRecords.of(PREFIX, event, timed.ingestTime()));
            }
        }
        producer.send(routed);
    }
}
