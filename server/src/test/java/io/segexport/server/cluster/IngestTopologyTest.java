package io.segexport.server.cluster;

import static io.segexport.server.cluster.TestRecords.drained;
import static io.segexport.server.cluster.TestRecords.eventRecord;
import static io.segexport.server.cluster.TestRecords.family;
import static io.segexport.server.cluster.TestRecords.hex;
import static io.segexport.server.cluster.TestRecords.identity;
import static io.segexport.server.cluster.TestRecords.key;
import static io.segexport.server.cluster.TestRecords.profileRecord;
import static io.segexport.server.cluster.TestRecords.withMembership;
import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.cluster.stored.Route;
import io.segexport.server.cluster.stored.RoutedRecord;
import io.segexport.server.cluster.stored.SeenLink;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileCounts;
import io.segexport.server.profiles.store.ProfileKeys;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.ProfileSnapshot;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Tenant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest topology on Kafka Streams' test driver (one partition per topic, but every hop between
 * identities still goes through its topic): what it keeps, and that it keeps what the embedded store
 * keeps for the same records, byte for byte.
 */
class IngestTopologyTest {
    private static final Tenant TENANT = new Tenant("A@AdobeOrg", "prod");
    private static final byte[] PREFIX = Keys.tenant(TENANT);
    private static final ClusterNames NAMES = new ClusterNames("segexport");

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<Bytes, byte[]> ingest;
    private TestInputTopic<Bytes, byte[]> hops;
    private TestInputTopic<Bytes, byte[]> profileRecords;

    @BeforeEach
    void start() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "segexport-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
        driver = new TopologyTestDriver(ClusterTopology.build(NAMES, new GlobalPosition()), config);
        ingest = driver.createInputTopic(
                NAMES.ingest(), Serdes.Bytes().serializer(), Serdes.ByteArray().serializer());
        hops = driver.createInputTopic(
                NAMES.hops(), Serdes.Bytes().serializer(), Serdes.ByteArray().serializer());
        profileRecords = driver.createInputTopic(
                NAMES.profileRecords(),
                Serdes.Bytes().serializer(),
                Serdes.ByteArray().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aRecordOfOneIdentityBecomesAProfileKeyedByIt() {
        send(RoutedRecords.of(PREFIX, profileRecord(1, "ds1", identity("email", "ada")), 10));

        assertThat(linkOf(key("email", "ada"))).isEqualTo(key("email", "ada"));
        StoredProfile profile = profile(key("email", "ada"));
        assertThat(profile.getIdentitiesList()).containsExactly(identity("email", "ada"));
        assertThat(profile.getFragments(0).getDatasetId()).isEqualTo("ds1");
        assertThat(profile.getLastIngestTime()).isEqualTo(10);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aRecordJoinsTheProfileOfItsFirstLinkedIdentity() {
        send(RoutedRecords.of(PREFIX, profileRecord(1, "ds1", identity("ecid", "c1")), 10));
        send(RoutedRecords.of(PREFIX, profileRecord(2, "ds2", identity("email", "ada"), identity("ecid", "c1")), 20));

        assertThat(linkOf(key("email", "ada"))).isEqualTo(key("ecid", "c1"));
        assertThat(profile(key("ecid", "c1")).getIdentitiesList())
                .containsExactly(identity("ecid", "c1"), identity("email", "ada"));
        assertThat(profile(key("ecid", "c1")).getFragmentsCount()).isEqualTo(2);
        assertThat(store(Family.PROFILES).get(Bytes.wrap(ProfileKeys.profile(PREFIX, key("email", "ada")))))
                .isNull();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void anIdentityLinkedElsewhereBeforeItsLinkStaysThere() {
        send(RoutedRecords.of(PREFIX, profileRecord(1, "ds1", identity("ecid", "c1")), 10));
        RoutedRecord raced =
                RoutedRecords.of(PREFIX, profileRecord(2, "ds1", identity("email", "bo"), identity("ecid", "c1")), 20)
                        .toBuilder()
                        .setRoute(Route.newBuilder()
                                .setStage(Route.Stage.LINK)
                                .setProfile(key("email", "bo"))
                                .addLinks(SeenLink.getDefaultInstance())
                                .addLinks(SeenLink.getDefaultInstance()))
                        .build();

        hops.pipeInput(Bytes.wrap(RoutedRecords.key(raced)), raced.toByteArray());

        assertThat(linkOf(key("ecid", "c1"))).isEqualTo(key("ecid", "c1"));
        assertThat(linkOf(key("email", "bo"))).isEqualTo(key("email", "bo"));
        assertThat(profile(key("email", "bo")).getIdentitiesList()).containsExactly(identity("email", "bo"));
        assertThat(profile(key("ecid", "c1")).getIdentitiesList()).containsExactly(identity("ecid", "c1"));
    }

    @Test
    void anEventIsKeptUnderItsProfile() {
        send(RoutedRecords.of(PREFIX, profileRecord(1, "ds1", identity("ecid", "c1")), 10));
        send(RoutedRecords.of(PREFIX, eventRecord("e-1", identity("email", "ada"), identity("ecid", "c1")), 20));

        List<KeyValue<Bytes, byte[]>> events = all(store(Family.EVENTS));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key.get()).startsWith(ProfileKeys.profile(PREFIX, key("ecid", "c1")));
    }

    @Test
    void theTopologyKeepsWhatTheEmbeddedStoreKeepsForTheSameRecords() throws Exception {
        try (Database database = Database.open(dir.resolve("embedded"))) {
            ingestRandomly(new ProfileStore(database));

            for (Family family : List.of(Family.IDENTITIES, Family.PROFILES, Family.EVENTS, Family.MEMBERSHIPS)) {
                assertThat(hex(all(store(family))))
                        .as("the %s family", family)
                        .isNotEmpty()
                        .isEqualTo(hex(family(database, family)));
            }
            assertThat(count())
                    .isPositive()
                    .isEqualTo(new ProfileStore(database).snapshot().profileCount(TENANT));
        }
    }

    @Test
    void aSegmentEvaluationsOutcomesChangeThePartitionAsTheyChangeTheEmbeddedStore() throws Exception {
        try (Database database = Database.open(dir.resolve("embedded"))) {
            ProfileStore embedded = new ProfileStore(database);
            ingestRandomly(embedded);
            List<SegmentOutcome> outcomes = new ArrayList<>();
            Random random = new Random(5);
            try (ProfileSnapshot snapshot = embedded.snapshot()) {
                for (byte[] stored : drained(snapshot.allProfiles(TENANT, 100))) {
                    IdentityKey profile = StoredProfile.parseFrom(stored).getPrimary();
                    outcomes.add(new SegmentOutcome(profile, "ups", "seg-1", random.nextBoolean()));
                    outcomes.add(new SegmentOutcome(profile, "ups", "seg-2", random.nextBoolean()));
                }
            }
            String time = "2026-12-03T10:00:00.000Z";

            embedded.writeOutcomes(TENANT, outcomes, "7", time);
            profileRecords.pipeInput(
                    Bytes.wrap(ProfileKeys.profile(PREFIX, outcomes.get(0).profile())),
                    RoutedRecords.of(PREFIX, outcomes, "7", time).toByteArray());

            for (Family family : List.of(Family.PROFILES, Family.MEMBERSHIPS)) {
                assertThat(hex(all(store(family))))
                        .as("the %s family", family)
                        .isNotEmpty()
                        .isEqualTo(hex(family(database, family)));
            }
            SegmentOutcome qualified = outcomes.stream()
                    .filter(outcome -> outcome.segmentId().equals("seg-2") && outcome.qualifies())
                    .findFirst()
                    .orElseThrow();
            assertThat(profile(qualified.profile())
                            .getSegmentMembershipOrThrow("ups")
                            .getSegmentsOrThrow("seg-2")
                            .getLastQualificationTime())
                    .isEqualTo(time);
        }
    }

    @Test
    void aPartitionReadsAsTheEmbeddedSnapshotReads() throws Exception {
        try (Database database = Database.open(dir.resolve("embedded"))) {
            ProfileStore embedded = new ProfileStore(database);
            ingestRandomly(embedded);
            SegmentStatus realized = new SegmentStatus("ups", "seg-1", "realized");
            SegmentStatus exited = new SegmentStatus("ups", "seg-1", "exited");
            try (ProfileSnapshot snapshot = embedded.snapshot();
                    PartitionSource partition = new PartitionSource(this::store)) {
                List<byte[]> profiles = drained(snapshot.allProfiles(TENANT, 7));
                Predicate<Membership> late = qualifiedAfterTheMedian(snapshot, List.of(realized, exited));
                assertThat(profiles).hasSizeGreaterThan(10);
                assertThat(drained(partition.allProfiles(TENANT, 7))).containsExactlyElementsOf(profiles);
                assertThat(partition.profileCount(TENANT)).isEqualTo(snapshot.profileCount(TENANT));
                for (List<SegmentStatus> statuses :
                        List.of(List.of(realized), List.of(exited), List.of(realized, exited))) {
                    for (Predicate<Membership> accepts : List.of(ProfileSource.ANY_MEMBERSHIP, late)) {
                        List<byte[]> members = drained(snapshot.members(TENANT, statuses, accepts, 3));
                        assertThat(drained(partition.members(TENANT, statuses, accepts, 3)))
                                .as("the members of %s", statuses)
                                .containsExactlyElementsOf(members);
                        assertThat(partition.memberCount(TENANT, statuses, accepts))
                                .isEqualTo(snapshot.memberCount(TENANT, statuses, accepts))
                                .isEqualTo(members.size());
                    }
                }
                int withEvents = 0;
                for (byte[] bytes : profiles) {
                    IdentityKey primary = StoredProfile.parseFrom(bytes).getPrimary();
                    List<StoredEvent> all = snapshot.events(TENANT, primary, 0, Long.MAX_VALUE);
                    withEvents += all.isEmpty() ? 0 : 1;
                    assertThat(partition.events(TENANT, primary, 0, Long.MAX_VALUE))
                            .isEqualTo(all);
                    assertThat(partition.events(TENANT, primary, 1_100, 1_300))
                            .isEqualTo(snapshot.events(TENANT, primary, 1_100, 1_300));
                }
                assertThat(withEvents).isPositive();
                List<SegmentStatus> both = List.of(realized, exited);
                assertThat(snapshot.memberCount(TENANT, both, late))
                        .as("the window keeps some members and not others")
                        .isPositive()
                        .isLessThan(snapshot.memberCount(TENANT, both, ProfileSource.ANY_MEMBERSHIP));
            }
        }
    }

    /** Accepts the memberships qualified after the median time of these statuses' members: about half. */
    private static Predicate<Membership> qualifiedAfterTheMedian(ProfileSnapshot snapshot, List<SegmentStatus> statuses)
            throws Exception {
        List<Instant> times = new ArrayList<>();
        for (byte[] member : drained(snapshot.members(TENANT, statuses, ProfileSource.ANY_MEMBERSHIP, 100))) {
            Membership membership = StoredProfile.parseFrom(member)
                    .getSegmentMembershipOrThrow("ups")
                    .getSegmentsOrThrow("seg-1");
            times.add(Instant.parse(membership.getLastQualificationTime()));
        }
        Instant median = times.stream().sorted().toList().get(times.size() / 2);
        return membership ->
                Instant.parse(membership.getLastQualificationTime()).isAfter(median);
    }

    /** 400 random records whose identities meet, ingested one by one into the topology and the embedded store. */
    private void ingestRandomly(ProfileStore embedded) {
        Random random = new Random(17);
        for (int i = 0; i < 400; i++) {
            StoredIdentity[] identities = randomIdentities(random);
            long ingestTime = 1_000 + i;
            if (random.nextInt(10) < 6) {
                ProfileRecord record = profileRecord(i, "ds" + random.nextInt(2), identities);
                if (random.nextInt(4) == 0) {
                    record = withMembership(record, random.nextBoolean() ? "realized" : "exited", i);
                }
                embedded.ingestProfiles(TENANT, List.of(record), ingestTime);
                send(RoutedRecords.of(PREFIX, record, ingestTime));
            } else {
                EventRecord record = eventRecord("e-" + i, identities);
                embedded.ingestEvents(TENANT, List.of(record), ingestTime);
                send(RoutedRecords.of(PREFIX, record, ingestTime));
            }
        }
    }

    private void send(RoutedRecord record) {
        ingest.pipeInput(Bytes.wrap(RoutedRecords.key(record)), record.toByteArray());
    }

    private KeyValueStore<Bytes, byte[]> store(Family family) {
        return driver.getKeyValueStore(StoreState.storeName(family));
    }

    private IdentityKey linkOf(IdentityKey identity) {
        try {
            return IdentityKey.parseFrom(
                    store(Family.IDENTITIES).get(Bytes.wrap(ProfileKeys.identity(PREFIX, identity))));
        } catch (Exception e) {
            throw new AssertionError("no link of " + identity, e);
        }
    }

    private StoredProfile profile(IdentityKey key) {
        try {
            return StoredProfile.parseFrom(store(Family.PROFILES).get(Bytes.wrap(ProfileKeys.profile(PREFIX, key))));
        } catch (Exception e) {
            throw new AssertionError("no profile " + key, e);
        }
    }

    private long count() {
        return ProfileCounts.count(store(Family.META).get(Bytes.wrap(ProfileCounts.key(PREFIX))));
    }

    private static List<KeyValue<Bytes, byte[]>> all(KeyValueStore<Bytes, byte[]> store) {
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    /** One to three distinct identities of a small pool, so that records meet on shared ones. */
    private static StoredIdentity[] randomIdentities(Random random) {
        List<StoredIdentity> identities = new ArrayList<>();
        int wanted = 1 + random.nextInt(3);
        while (identities.size() < wanted) {
            StoredIdentity identity = identity(random.nextBoolean() ? "email" : "ecid", "id" + random.nextInt(25));
            if (identities.stream()
                    .noneMatch(known -> known.getNamespace().equals(identity.getNamespace())
                            && known.getId().equals(identity.getId()))) {
                identities.add(identity);
            }
        }
        return identities.toArray(StoredIdentity[]::new);
    }
}
