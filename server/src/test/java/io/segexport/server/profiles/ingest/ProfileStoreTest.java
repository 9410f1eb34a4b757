package io.segexport.server.profiles.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.json.ProtoJsonReader;
import io.segexport.server.StoreMigrations;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.store.ProfileChunks;
import io.segexport.server.profiles.store.ProfileCounts;
import io.segexport.server.profiles.store.ProfileIterator;
import io.segexport.server.profiles.store.ProfileSnapshot;
import io.segexport.server.profiles.store.ProfileSource;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.profiles.stored.Fragment;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.IngestRequestView;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Database;
import io.segexport.server.store.FormatVersion;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Migrator;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.DataSet;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * The profile store on a real RocksDB folder, through the ingestion the services use: what it keeps,
 * and the snapshot API the export engine reads it with.
 */
class ProfileStoreTest {
    private static final Tenant A = new Tenant("A@AdobeOrg", "prod");
    private static final Tenant B = new Tenant("B@AdobeOrg", "prod");

    @TempDir
    Path dir;

    private Database database;
    private ProfileStore store;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir);
        store = new ProfileStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Ingests profile records (a single-quoted JSON array) of a dataset at an ingest time. */
    private IngestResponse profiles(Tenant tenant, long at, String datasetId, String records) {
        return ingestion(tenant, datasetId, at).profiles(tenant, request(datasetId, records));
    }

    private IngestResponse events(Tenant tenant, long at, String datasetId, String records) {
        return ingestion(tenant, datasetId, at).events(tenant, request(datasetId, records));
    }

    /** An ingestion at a fixed time, into a dataset that exists for the tenant. */
    private Ingestion ingestion(Tenant tenant, String datasetId, long at) {
        TenantRecords<DataSet> dataSets = TenantRecords.dataSets(database);
        dataSets.put(tenant, datasetId, DataSet.newBuilder().setId(datasetId).build());
        return new Ingestion(store, dataSets, clockAt(at));
    }

    private static Clock clockAt(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static IngestRequest request(String datasetId, String records) {
        String json = "{\"datasetId\": \"" + datasetId + "\", \"records\": " + records.replace('\'', '"') + "}";
        try {
            return ProtoJsonReader.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    IngestRequest.getDefaultInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IdentityKey identity(String namespace, String id) {
        return IdentityKey.newBuilder().setNamespace(namespace).setId(id).build();
    }

    private StoredProfile find(Tenant tenant, String namespace, String id) {
        return store.findByIdentity(tenant, identity(namespace, id))
                .orElseThrow(() -> new AssertionError("no profile for " + id));
    }

    private static Struct structOf(String singleQuotedJson) {
        return request("any", "[" + singleQuotedJson + "]").getRecords(0);
    }

    /** What the store keeps of a record as a fragment's attributes, built as objects. */
    private static Struct attributesOf(String singleQuotedJson) {
        return structOf(singleQuotedJson).toBuilder()
                .removeFields("identityMap")
                .removeFields("segmentMembership")
                .build();
    }

    /** A Struct's map entry as protobuf encodes it, with any bytes as its value. */
    private static ByteString entry(String key, ByteString value) throws IOException {
        ByteString.Output entry = ByteString.newOutput();
        CodedOutputStream entryOut = CodedOutputStream.newInstance(entry);
        entryOut.writeString(1, key);
        entryOut.writeBytes(2, value);
        entryOut.flush();
        ByteString.Output field = ByteString.newOutput();
        CodedOutputStream fieldOut = CodedOutputStream.newInstance(field);
        fieldOut.writeBytes(1, entry.toByteString());
        fieldOut.flush();
        return field.toByteString();
    }

    private static String person(String namespace, String id) {
        return "{'identityMap': {'" + namespace + "': [{'id': '" + id + "'}]}, 'name': '" + id + "'}";
    }

    @Test
    void aProfileKnownOnlyFromEventsHasNoProfileRecordUntilOneArrives() {
        events(A, 1_000, "web", "[{'identityMap': {'ecid': [{'id': 'E-1'}]}, 'timestamp': '2024-01-01T00:00:00Z'}]");

        StoredProfile eventsOnly = find(A, "ecid", "E-1");
        assertThat(eventsOnly.getHasProfileRecord()).isFalse();
        assertThat(eventsOnly.getFragmentsList()).isEmpty();
        assertThat(eventsOnly.getLastIngestTime()).isEqualTo(1_000);

        profiles(A, 2_000, "crm", "[" + person("ecid", "E-1") + "]");

        StoredProfile withRecord = find(A, "ecid", "E-1");
        assertThat(withRecord.getHasProfileRecord()).isTrue();
        assertThat(withRecord.getFragmentsCount()).isEqualTo(1);
        assertThat(withRecord.getLastIngestTime()).isEqualTo(2_000);
    }

    @Test
    void aTenantsProfilesIterateInKeyOrderWithoutAnotherTenants() {
        profiles(
                A,
                1_000,
                "crm",
                "[" + person("email", "b") + ", " + person("email", "a") + ", " + person("crmId", "z") + "]");
        profiles(B, 1_000, "crm", "[" + person("email", "a0") + "]");

        List<IdentityKey> keys = new ArrayList<>();
        try (ProfileSnapshot snapshot = store.snapshot();
                ProfileIterator profiles = snapshot.profiles(A)) {
            profiles.forEachRemaining(profile -> keys.add(profile.getPrimary()));
        }

        assertThat(keys).containsExactly(identity("crmId", "z"), identity("email", "a"), identity("email", "b"));
    }

    @Test
    void aSnapshotDoesNotSeeWhatIsIngestedAfterIt() {
        profiles(A, 1_000, "crm", "[" + person("email", "a") + "]");

        try (ProfileSnapshot before = store.snapshot()) {
            profiles(A, 2_000, "crm", "[" + person("email", "b") + "]");

            List<StoredProfile> seen = new ArrayList<>();
            try (ProfileIterator profiles = before.profiles(A)) {
                profiles.forEachRemaining(seen::add);
            }
            assertThat(seen).extracting(profile -> profile.getPrimary().getId()).containsExactly("a");
            assertThat(before.findByIdentity(A, identity("email", "b"))).isEmpty();
        }
        assertThat(store.findByIdentity(A, identity("email", "b"))).isPresent();
    }

    @Test
    void aProfilesEventsAreReadInAnIngestTimeWindowOldestFirst() {
        String event = "[{'identityMap': {'ecid': [{'id': 'E-1'}]}, 'timestamp': '2024-01-01T00:00:00Z', 'n': %d}]";
        events(A, 3_000, "web", event.formatted(3));
        events(A, 1_000, "web", event.formatted(1));
        events(A, 2_000, "web", event.formatted(2));
        IdentityKey primary = find(A, "ecid", "E-1").getPrimary();

        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.events(A, primary, 0, Long.MAX_VALUE))
                    .extracting(StoredEvent::getIngestTime)
                    .containsExactly(1_000L, 2_000L, 3_000L);
            List<StoredEvent> window = snapshot.events(A, primary, 2_000, 3_000);
            assertThat(window).extracting(StoredEvent::getIngestTime).containsExactly(2_000L);
            assertThat(window.get(0).getEvent().getFieldsOrThrow("n").getNumberValue())
                    .isEqualTo(2);
            assertThat(window.get(0).getDatasetId()).isEqualTo("web");
        }
    }

    @Test
    void aProfilesEventsNeverIncludeThoseOfAProfileWhoseIdStartsTheSame() {
        events(
                A,
                1_000,
                "web",
                "[{'identityMap': {'ecid': [{'id': 'a'}]}, 'timestamp': 1}, "
                        + "{'identityMap': {'ecid': [{'id': 'ab'}]}, 'timestamp': 2}]");

        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.events(A, identity("ecid", "a"), 0, Long.MAX_VALUE))
                    .extracting(e -> e.getEvent().getFieldsOrThrow("timestamp").getNumberValue())
                    .containsExactly(1.0);
            assertThat(snapshot.events(B, identity("ecid", "a"), 0, Long.MAX_VALUE))
                    .isEmpty();
        }
    }

    @Test
    void anEventWithoutAnIdGetsOneAndKeepsItInTheStoredEvent() {
        events(
                A,
                1_000,
                "web",
                "[{'identityMap': {'ecid': [{'id': 'E-1'}]}, 'timestamp': 1}, "
                        + "{'identityMap': {'ecid': [{'id': 'E-1'}]}, 'timestamp': 2, '_id': 'given'}]");

        try (ProfileSnapshot snapshot = store.snapshot()) {
            List<StoredEvent> events = snapshot.events(A, identity("ecid", "E-1"), 0, Long.MAX_VALUE);
            assertThat(events)
                    .extracting(StoredEvent::getEventId)
                    .contains("given")
                    .hasSize(2);
            for (StoredEvent event : events) {
                assertThat(event.getEvent().getFieldsOrThrow("_id").getStringValue())
                        .isEqualTo(event.getEventId())
                        .isNotBlank();
            }
        }
    }

    @Test
    void anOlderRecordOfTheSameDatasetDoesNotReplaceTheNewerFragment() {
        profiles(
                A,
                1_000,
                "crm",
                "[{'identityMap': {'email': [{'id': 'a'}]}, 'timestamp': '2024-02-01T00:00:00Z', 'tier': 'gold'}]");
        profiles(
                A,
                2_000,
                "crm",
                "[{'identityMap': {'email': [{'id': 'a'}]}, 'timestamp': '2024-01-01T00:00:00Z', 'tier': 'old'}]");
        profiles(A, 3_000, "web", "[{'identityMap': {'email': [{'id': 'a'}]}, 'tier': 'web'}]");

        StoredProfile profile = find(A, "email", "a");

        assertThat(profile.getFragmentsList())
                .extracting(f -> f.getDatasetId() + "="
                        + f.getAttributes().getFieldsOrThrow("tier").getStringValue())
                .containsExactlyInAnyOrder("crm=gold", "web=web");
        assertThat(profile.getFragmentsList())
                .filteredOn(f -> f.getDatasetId().equals("web"))
                .extracting(f -> f.getTime())
                .containsExactly(3_000L);
        assertThat(profile.getLastIngestTime()).isEqualTo(3_000);
    }

    @Test
    void aRecordJoinsTheProfileOfItsFirstLinkedIdentityWithoutStitchingProfiles() {
        profiles(A, 1_000, "crm", "[" + person("email", "a") + ", " + person("phone", "1") + "]");

        profiles(
                A,
                2_000,
                "web",
                "[{'identityMap': {'email': [{'id': 'a'}], 'phone': [{'id': '1', 'primary': true}], "
                        + "'crmId': [{'id': 'C-1'}]}, 'tier': 'gold'}]");

        StoredProfile phone = find(A, "phone", "1");
        assertThat(phone.getPrimary()).isEqualTo(identity("phone", "1"));
        assertThat(phone.getIdentitiesList())
                .extracting(i -> i.getNamespace() + ":" + i.getId())
                .containsExactly("phone:1", "crmId:C-1");
        assertThat(phone.getFragmentsList()).extracting(f -> f.getDatasetId()).containsExactlyInAnyOrder("crm", "web");
        StoredProfile email = find(A, "email", "a");
        assertThat(email.getPrimary()).isEqualTo(identity("email", "a"));
        assertThat(email.getFragmentsList()).extracting(f -> f.getDatasetId()).containsExactly("crm");
        assertThat(find(A, "crmId", "C-1").getPrimary()).isEqualTo(identity("phone", "1"));
    }

    @Test
    void recordsOfOneChunkSeeTheLinksOfTheEarlierOnes() {
        profiles(
                A,
                1_000,
                "crm",
                "[{'identityMap': {'email': [{'id': 'a'}], 'crmId': [{'id': 'C-1'}]}, 'x': 1}, "
                        + "{'identityMap': {'crmId': [{'id': 'C-1'}], 'phone': [{'id': '1'}]}, 'y': 2}]");

        StoredProfile profile = find(A, "phone", "1");

        assertThat(profile.getPrimary()).isEqualTo(identity("email", "a"));
        assertThat(profile.getIdentitiesList())
                .extracting(i -> i.getNamespace() + ":" + i.getId())
                .containsExactly("email:a", "crmId:C-1", "phone:1");
        assertThat(profile.getFragments(0).getAttributes().getFieldsMap()).containsOnlyKeys("y");
    }

    @Test
    void aChunkUpdatingManyStoredProfilesKeepsEachOnesFragmentsAndIdentities() {
        profiles(
                A,
                1_000,
                "crm",
                "[" + person("email", "a") + ", " + person("email", "b") + ", " + person("email", "c") + "]");

        profiles(
                A,
                2_000,
                "web",
                "[{'identityMap': {'email': [{'id': 'c'}], 'phone': [{'id': '3'}]}, 'n': 3}, "
                        + "{'identityMap': {'email': [{'id': 'new'}]}, 'n': 0}, "
                        + "{'identityMap': {'email': [{'id': 'a'}]}, 'n': 1}]");

        for (String id : List.of("a", "c")) {
            assertThat(find(A, "email", id).getFragmentsList())
                    .extracting(f -> f.getDatasetId())
                    .containsExactly("crm", "web");
        }
        assertThat(find(A, "email", "b").getFragmentsList())
                .extracting(f -> f.getDatasetId())
                .containsExactly("crm");
        assertThat(find(A, "phone", "3").getPrimary()).isEqualTo(identity("email", "c"));
        assertThat(find(A, "email", "new").getFragmentsList()).hasSize(1);
    }

    /**
     * The links a chunk makes are seen by its later records even where the profiles read ahead, as
     * the database stood before the chunk, named another profile.
     */
    @Test
    void aLinkMadeEarlierInTheChunkWinsOverTheStoredOneItsLaterRecordsWouldOtherwiseJoin() {
        profiles(A, 1_000, "crm", "[" + person("email", "a") + "]");

        profiles(
                A,
                2_000,
                "web",
                "[{'identityMap': {'email': [{'id': 'b'}], 'phone': [{'id': '2'}]}, 'x': 1}, "
                        + "{'identityMap': {'phone': [{'id': '2'}], 'email': [{'id': 'a'}]}, 'y': 2}]");

        StoredProfile b = find(A, "email", "b");
        assertThat(b.getIdentitiesList())
                .extracting(i -> i.getNamespace() + ":" + i.getId())
                .containsExactly("email:b", "phone:2");
        assertThat(b.getFragments(0).getAttributes().getFieldsMap()).containsOnlyKeys("y");
        StoredProfile a = find(A, "email", "a");
        assertThat(a.getPrimary()).isEqualTo(identity("email", "a"));
        assertThat(a.getFragmentsList()).extracting(f -> f.getDatasetId()).containsExactly("crm");
    }

    /**
     * Chunks written at once are grouped into shared writes: each must still see every earlier
     * chunk's links and fragments, or a read-modify-write would lose an identity or make a second
     * profile for the same person.
     */
    @Test
    void concurrentChunksAboutTheSamePersonEndInOneProfileWithEveryIdentityAndFragment() throws Exception {
        int threads = 8;
        int chunks = 25;
        List<Ingestion> ingestions = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ingestions.add(ingestion(A, "crm" + t, 1_000));
        }
        ingestions.add(ingestion(B, "crm", 1_000));
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int c = 0; c < chunks; c++) {
                    ingestions
                            .get(thread)
                            .profiles(
                                    A,
                                    request(
                                            "crm" + thread,
                                            "[{'identityMap': {'email': [{'id': 'shared'}], " + "'ecid': [{'id': 'E-"
                                                    + thread + "-" + c + "'}]}, 'chunk': " + c + "}]"));
                }
            }));
        }
        done.add(pool.submit(() -> {
            for (int c = 0; c < chunks; c++) {
                ingestions.get(threads).profiles(B, request("crm", "[" + person("email", "shared") + "]"));
            }
        }));
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();

        StoredProfile profile = find(A, "email", "shared");
        assertThat(profile.getIdentitiesCount()).isEqualTo(1 + threads * chunks);
        for (int t = 0; t < threads; t++) {
            for (int c = 0; c < chunks; c++) {
                assertThat(find(A, "ecid", "E-" + t + "-" + c).getPrimary()).isEqualTo(identity("email", "shared"));
            }
        }
        assertThat(profile.getFragmentsList())
                .hasSize(threads)
                .allSatisfy(fragment -> assertThat(fragment.getAttributes()
                                .getFieldsOrThrow("chunk")
                                .getNumberValue())
                        .isEqualTo(chunks - 1));
        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.profileCount(A)).isEqualTo(1);
            assertThat(snapshot.profileCount(B)).isEqualTo(1);
        }
        assertThat(find(B, "email", "shared").getIdentitiesCount()).isEqualTo(1);
    }

    @Test
    void eachDatasetsLatestRecordIsStoredAsItsStructWithoutIdentityMapAndSegmentMembership() {
        String crm = "{'identityMap': {'email': [{'id': 'a', 'primary': true}], 'crmId': [{'id': 'C-1'}]},"
                + " 'person': {'name': {'first': 'Zoë', 'last': '山田'}, 'age': 41, 'vip': true, 'nickname': null},"
                + " 'scores': [1.5, -2, 1e21, [true, {'deep': []}], {}], 'emptyObject': {}, 'emptyText': '',"
                + " 'segmentMembership': {'ups': {'s1': {'status': 'realized', 'lastQualificationTime': '2024-01-01T00:00:00Z'}}}}";
        String web = "{'identityMap': {'crmId': [{'id': 'C-1'}]}, 'timestamp': 1700000000000}";
        String crmUpdate =
                "{'identityMap': {'email': [{'id': 'a'}]}, 'person': {'name': {'first': 'Zoe'}}, 'emoji': '😀 \\u0000 \\n'}";
        profiles(A, 1_000, "crm", "[" + crm + "]");
        profiles(A, 2_000, "web", "[" + web + "]");
        profiles(A, 3_000, "crm", "[" + crmUpdate + "]");

        assertThat(find(A, "crmId", "C-1").getFragmentsList())
                .containsExactly(
                        Fragment.newBuilder()
                                .setDatasetId("crm")
                                .setTime(3_000)
                                .setIngestTime(3_000)
                                .setAttributes(attributesOf(crmUpdate))
                                .build(),
                        Fragment.newBuilder()
                                .setDatasetId("web")
                                .setTime(1_700_000_000_000L)
                                .setIngestTime(2_000)
                                .setAttributes(attributesOf(web))
                                .build());
    }

    @Test
    void aStreamedRecordIsStoredAsProtobufReadsItsBytes() throws Exception {
        ByteString repeatedKeyAndTwoKinds = structOf(person("email", "a"))
                .toByteString()
                .concat(entry(
                        "name",
                        Value.newBuilder().setStringValue("first").build().toByteString()))
                .concat(entry(
                        "name",
                        Value.newBuilder()
                                .setStringValue("twice")
                                .build()
                                .toByteString()
                                .concat(Value.newBuilder()
                                        .setNumberValue(7)
                                        .build()
                                        .toByteString())));
        Struct asParsed = Struct.parseFrom(repeatedKeyAndTwoKinds);

        ingestion(A, "crm", 1_000)
                .profiles(
                        A,
                        IngestRequestView.newBuilder()
                                .setDatasetId("crm")
                                .addRecords(repeatedKeyAndTwoKinds)
                                .build(),
                        0,
                        new IngestTotals());

        assertThat(asParsed.getFieldsOrThrow("name").getNumberValue()).isEqualTo(7);
        assertThat(find(A, "email", "a").getFragments(0).getAttributes())
                .isEqualTo(asParsed.toBuilder().removeFields("identityMap").build());
    }

    @Test
    void aStreamedRecordWhoseBytesAreNoStructMakesItsMessageInvalidBeforeAnyOtherError() {
        ByteString truncated = structOf(person("email", "a")).toByteString().substring(0, 10);
        IngestRequestView request = IngestRequestView.newBuilder()
                .setDatasetId("no-such-dataset")
                .addRecords(structOf(person("email", "b")).toByteString())
                .addRecords(truncated)
                .build();

        assertThatThrownBy(() -> ingestion(A, "crm", 1_000).profiles(A, request, 0, new IngestTotals()))
                .isInstanceOf(MalformedRecord.class);
        assertThat(store.findByIdentity(A, identity("email", "b"))).isEmpty();
    }

    @Test
    void aBadRecordIsRejectedWhileTheOthersOfItsChunkAreStored() {
        IngestResponse totals = profiles(
                A, 1_000, "crm", "[" + person("email", "a") + ", {'name': 'nobody'}, " + person("email", "c") + "]");

        assertThat(totals.getAccepted()).isEqualTo(2);
        assertThat(totals.getRejectedList()).extracting(r -> r.getIndex()).containsExactly(1L);
        assertThat(store.findByIdentity(A, identity("email", "a"))).isPresent();
        assertThat(store.findByIdentity(A, identity("email", "c"))).isPresent();
    }

    @Test
    void profilesSurviveReopeningTheDatabase() throws Exception {
        profiles(A, 1_000, "crm", "[" + person("email", "a") + "]");
        database.close();

        database = Database.open(dir);
        store = new ProfileStore(database);

        assertThat(find(A, "email", "a")
                        .getFragments(0)
                        .getAttributes()
                        .getFieldsOrThrow("name")
                        .getStringValue())
                .isEqualTo("a");
    }

    @Test
    void aTenantsProfileCountGrowsWithNewProfilesOnly() {
        profiles(A, 1_000, "crm", "[" + person("email", "a") + ", " + person("email", "b") + "]");
        profiles(A, 2_000, "crm", "[" + person("email", "a") + ", " + person("email", "c") + "]");
        events(A, 3_000, "web", "[{'identityMap': {'email': [{'id': 'd'}]}, 'timestamp': '2024-01-01T00:00:00Z'}]");
        profiles(B, 1_000, "crm", "[" + person("email", "a") + "]");

        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.profileCount(A)).isEqualTo(4);
            assertThat(snapshot.profileCount(B)).isEqualTo(1);
        }
    }

    @Test
    void aSnapshotsProfileCountIsThatOfItsInstant() {
        profiles(A, 1_000, "crm", "[" + person("email", "a") + "]");
        try (ProfileSnapshot snapshot = store.snapshot()) {
            profiles(A, 2_000, "crm", "[" + person("email", "b") + "]");

            assertThat(snapshot.profileCount(A)).isEqualTo(1);
        }
    }

    @Test
    void aStoreWrittenBeforeProfileCountsIsCountedWhenOpened() throws Exception {
        profiles(A, 1_000, "crm", "[" + person("email", "a") + ", " + person("email", "b") + "]");
        profiles(B, 1_000, "crm", "[" + person("email", "c") + "]");
        clear(Database.Family.META);
        database.close();

        reopenThroughTheMigrations();

        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.profileCount(A)).isEqualTo(2);
            assertThat(snapshot.profileCount(B)).isEqualTo(1);
        }
        assertThat(FormatVersion.of(database)).isEqualTo(2);
    }

    /** Opens the database again as the server does: its migrations first, then the store. */
    private void reopenThroughTheMigrations() throws Exception {
        database = Database.open(dir);
        new Migrator(StoreMigrations.ALL).run(database, dir);
        store = new ProfileStore(database);
    }

    private static String member(String id, String segments) {
        return "{'identityMap': {'email': [{'id': '" + id + "'}]}, 'segmentMembership': {'ups': {" + segments + "}}}";
    }

    private static String in(String segment, String status, String qualified) {
        return "'" + segment + "': {'status': '" + status + "', 'lastQualificationTime': '" + qualified + "'}";
    }

    /** The primary ids of the profiles {@link ProfileSnapshot#members} gives, in the order given. */
    private List<String> members(Tenant tenant, Predicate<Membership> accepts, SegmentStatus... statuses) {
        List<String> ids = new ArrayList<>();
        try (ProfileSnapshot snapshot = store.snapshot();
                ProfileChunks chunks = snapshot.members(tenant, List.of(statuses), accepts, 2)) {
            for (List<byte[]> chunk = chunks.next(); !chunk.isEmpty(); chunk = chunks.next()) {
                chunk.forEach(bytes -> ids.add(StoredValues.parse(StoredProfile.parser(), bytes, "profile")
                        .getPrimary()
                        .getId()));
            }
            assertThat(snapshot.memberCount(tenant, List.of(statuses), accepts)).isEqualTo(ids.size());
        }
        return ids;
    }

    private static SegmentStatus ups(String segment, String status) {
        return new SegmentStatus("ups", segment, status);
    }

    @Test
    void aMembershipIsIndexedUnderItsStatusInTheSameWriteAsItsProfile() {
        profiles(A, 1_000, "crm", "[" + member("a", in("s1", "realized", "2018-01-01T00:00:00Z")) + "]");
        try (ProfileSnapshot before = store.snapshot()) {
            profiles(A, 2_000, "crm", "[" + member("a", in("s1", "exited", "2018-02-01T00:00:00Z")) + "]");

            try (ProfileChunks stale = before.members(A, List.of(ups("s1", "realized")), m -> true, 10)) {
                assertThat(stale.next()).hasSize(1);
            }
        }

        assertThat(members(A, m -> true, ups("s1", "realized"))).isEmpty();
        assertThat(members(A, m -> true, ups("s1", "exited"))).containsExactly("a");
    }

    @Test
    void membersOfSeveralSegmentsComeOnceEachInKeyOrder() {
        profiles(
                A,
                1_000,
                "crm",
                "[" + member("c", in("s1", "realized", "2018-01-01T00:00:00Z")) + ", "
                        + member(
                                "a",
                                in("s1", "realized", "2018-01-01T00:00:00Z") + ", "
                                        + in("s2", "existing", "2018-01-01T00:00:00Z"))
                        + ", "
                        + member("b", in("s2", "realized", "2018-01-01T00:00:00Z")) + ", "
                        + member("d", in("s1", "exited", "2018-01-01T00:00:00Z")) + "]");
        profiles(B, 1_000, "crm", "[" + member("a0", in("s1", "realized", "2018-01-01T00:00:00Z")) + "]");

        assertThat(members(A, m -> true, ups("s1", "realized"), ups("s2", "existing"), ups("s2", "realized")))
                .containsExactly("a", "b", "c");
    }

    @Test
    void anyMembershipTakesEveryMemberOfTheStatusesOnceInKeyOrder() {
        profiles(
                A,
                1_000,
                "crm",
                "[" + member("b", in("s1", "realized", "2018-01-01T00:00:00Z")) + ", "
                        + member(
                                "a",
                                in("s1", "realized", "2019-01-01T00:00:00Z") + ", "
                                        + in("s2", "realized", "2018-01-01T00:00:00Z"))
                        + ", "
                        + member("c", in("s1", "exited", "2018-01-01T00:00:00Z")) + "]");

        assertThat(members(A, ProfileSource.ANY_MEMBERSHIP, ups("s1", "realized"), ups("s2", "realized")))
                .containsExactly("a", "b");
    }

    @Test
    void membersAreOnlyThoseWhoseIndexedMembershipIsAccepted() {
        profiles(
                A,
                1_000,
                "crm",
                "[" + member("a", in("s1", "realized", "2018-01-01T00:00:00Z")) + ", "
                        + member("b", in("s1", "realized", "2019-01-01T00:00:00Z")) + "]");

        assertThat(members(A, m -> m.getLastQualificationTime().startsWith("2019"), ups("s1", "realized")))
                .containsExactly("b");
    }

    private static SegmentOutcome outcome(String id, boolean qualifies) {
        return new SegmentOutcome(identity("email", id), "ups", "s1", qualifies);
    }

    private Membership s1Of(String id) {
        return find(A, "email", id).getSegmentMembershipOrThrow("ups").getSegmentsOrThrow("s1");
    }

    @Test
    void evaluationOutcomesMoveMembershipsAndTheirIndexEntriesInOneWrite() {
        profiles(
                A,
                1_000,
                "crm",
                "[" + member("a", in("s1", "realized", "2018-01-01T00:00:00Z")) + ", "
                        + "{'identityMap': {'email': [{'id': 'b'}]}}]");

        store.writeOutcomes(A, List.of(outcome("a", false), outcome("b", true)), "7", "2026-11-29T00:00:00Z");

        assertThat(s1Of("a").getStatus()).isEqualTo("exited");
        assertThat(s1Of("a").getLastQualificationTime()).isEqualTo("2018-01-01T00:00:00Z");
        assertThat(s1Of("b").getStatus()).isEqualTo("realized");
        assertThat(s1Of("b").getLastQualificationTime()).isEqualTo("2026-11-29T00:00:00Z");
        assertThat(members(A, m -> true, ups("s1", "realized"))).containsExactly("b");
        assertThat(members(A, m -> true, ups("s1", "exited"))).containsExactly("a");
    }

    @Test
    void aRerunOfTheSameJobThatUndoesAMembershipRemovesItAndItsIndexEntry() {
        profiles(A, 1_000, "crm", "[{'identityMap': {'email': [{'id': 'b'}]}}]");
        store.writeOutcomes(A, List.of(outcome("b", true)), "7", "2026-11-29T00:00:00Z");

        store.writeOutcomes(A, List.of(outcome("b", false)), "7", "2026-11-29T01:00:00Z");

        assertThat(find(A, "email", "b").getSegmentMembershipMap()).isEmpty();
        assertThat(members(A, m -> true, ups("s1", "realized"))).isEmpty();
    }

    @Test
    void anOutcomeForAProfileThatIsNotStoredWritesNothing() {
        store.writeOutcomes(A, List.of(outcome("ghost", true)), "7", "2026-11-29T00:00:00Z");

        assertThat(store.findByIdentity(A, identity("email", "ghost"))).isEmpty();
        assertThat(members(A, m -> true, ups("s1", "realized"))).isEmpty();
        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.profileCount(A)).isZero();
        }
    }

    @Test
    void aStoreWrittenBeforeTheMembershipIndexIsIndexedWhenOpened() throws Exception {
        profiles(
                A,
                1_000,
                "crm",
                "[" + member("a", in("s1", "realized", "2018-01-01T00:00:00Z")) + ", "
                        + member("b", in("s1", "exited", "2018-01-01T00:00:00Z")) + "]");
        clear(Database.Family.MEMBERSHIPS);
        clear(Database.Family.META);
        assertThat(members(A, m -> true, ups("s1", "realized"))).isEmpty();
        database.close();

        reopenThroughTheMigrations();

        assertThat(members(A, m -> true, ups("s1", "realized"))).containsExactly("a");
        assertThat(members(A, m -> true, ups("s1", "exited"))).containsExactly("b");
        assertThat(FormatVersion.of(database)).isEqualTo(2);
    }

    @Test
    void aStoreOfFormat1IsIndexedWhenOpenedAndItsCountsAreKept() throws Exception {
        profiles(A, 1_000, "crm", "[" + member("a", in("s1", "realized", "2018-01-01T00:00:00Z")) + "]");
        clear(Database.Family.MEMBERSHIPS);
        FormatVersion.set(database, 1);
        database.close();

        reopenThroughTheMigrations();

        assertThat(members(A, m -> true, ups("s1", "realized"))).containsExactly("a");
        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.profileCount(A)).isEqualTo(1);
        }
        assertThat(FormatVersion.of(database)).isEqualTo(2);
    }

    /**
     * A segexport from before format versions marked the counts and the index it had made: such a
     * store is not counted or indexed again (a count made wrong here stays so), and loses its marks.
     */
    @Test
    void aStoreMarkedBeforeFormatVersionsIsNotScannedAgain() throws Exception {
        profiles(A, 1_000, "crm", "[" + member("a", in("s1", "realized", "2018-01-01T00:00:00Z")) + "]");
        clear(Database.Family.MEMBERSHIPS);
        database.db()
                .put(
                        meta(),
                        ProfileCounts.key(Keys.tenant(A)),
                        ByteBuffer.allocate(8).putLong(7).array());
        database.db().put(meta(), "profile_counts_v1".getBytes(StandardCharsets.UTF_8), new byte[0]);
        database.db().put(meta(), "membership_index_v1".getBytes(StandardCharsets.UTF_8), new byte[0]);
        database.close();

        reopenThroughTheMigrations();

        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.profileCount(A)).isEqualTo(7);
        }
        assertThat(members(A, m -> true, ups("s1", "realized"))).isEmpty();
        assertThat(database.db().get(meta(), "profile_counts_v1".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(database.db().get(meta(), "membership_index_v1".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(FormatVersion.of(database)).isEqualTo(2);
    }

    private ColumnFamilyHandle meta() {
        return database.family(Database.Family.META);
    }

    private void clear(Database.Family family) throws Exception {
        try (RocksIterator it = database.db().newIterator(database.family(family))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                database.db().delete(database.family(family), it.key());
            }
        }
    }
}
