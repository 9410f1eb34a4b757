package io.segexport.server.profiles.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import io.segexport.json.ProtoJsonReader;
import io.segexport.server.profiles.ingest.RepeatableIngestion.Kind;
import io.segexport.server.profiles.store.ProfileSnapshot;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.store.Database;
import io.segexport.server.store.Tenant;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing what an ingestion batch stored as events, and only that, on a real RocksDB folder. */
class BatchEventRemovalTest {
    private static final Tenant A = new Tenant("A@AdobeOrg", "prod");
    private static final Tenant B = new Tenant("B@AdobeOrg", "prod");
    private static final long AT = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private Database database;
    private ProfileStore store;
    private RepeatableIngestion ingestion;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir);
        store = new ProfileStore(database);
        ingestion = new RepeatableIngestion(store);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Stores one event of {@code email} per id, as batch {@code batchId} ("" for none) at {@code at}. */
    private void events(Tenant tenant, String batchId, long at, String email, String... ids) {
        List<byte[]> records = Arrays.stream(ids)
                .map(id -> ("{\"identityMap\": {\"email\": [{\"id\": \"" + email + "\"}]}, \"_id\": \"" + id
                                + "\", \"timestamp\": \"2024-01-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8))
                .map(BatchEventRemovalTest::struct)
                .toList();
        RepeatableIngestion.Prepared prepared =
                RepeatableIngestion.prepare(Kind.EVENTS, "ds", batchId, records, at, "record");
        assertThat(prepared.rejections()).isEmpty();
        ingestion.write(tenant, prepared);
    }

    private static byte[] struct(byte[] json) {
        try {
            return ProtoJsonReader.read(new ByteArrayInputStream(json), Struct.getDefaultInstance())
                    .toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> eventIds(Tenant tenant, String email) {
        try (ProfileSnapshot snapshot = store.snapshot()) {
            return snapshot
                    .events(
                            tenant,
                            IdentityKey.newBuilder()
                                    .setNamespace("email")
                                    .setId(email)
                                    .build(),
                            0,
                            Long.MAX_VALUE)
                    .stream()
                    .map(StoredEvent::getEventId)
                    .toList();
        }
    }

    @Test
    void aStoredEventKeepsTheBatchThatBroughtIt() {
        events(A, "batch1", AT, "a@x.com", "e1");

        try (ProfileSnapshot snapshot = store.snapshot()) {
            assertThat(snapshot.events(
                            A,
                            IdentityKey.newBuilder()
                                    .setNamespace("email")
                                    .setId("a@x.com")
                                    .build(),
                            0,
                            Long.MAX_VALUE))
                    .extracting(StoredEvent::getBatchId)
                    .containsExactly("batch1");
        }
    }

    @Test
    void removalTakesTheBatchsEventsOfEveryProfileAndAnswersHowMany() {
        events(A, "batch1", AT, "a@x.com", "e1", "e2");
        events(A, "batch1", AT, "b@x.com", "e3");

        assertThat(ingestion.removeEvents(A, "batch1", AT)).isEqualTo(3);

        assertThat(eventIds(A, "a@x.com")).isEmpty();
        assertThat(eventIds(A, "b@x.com")).isEmpty();
    }

    @Test
    void removalKeepsOtherBatchesStreamedEventsAndOtherTenants() {
        events(A, "batch1", AT, "a@x.com", "e1");
        events(A, "batch2", AT, "a@x.com", "e2");
        events(A, "", AT, "a@x.com", "e3");
        events(A, "batch2", AT + 1, "a@x.com", "e4");
        events(B, "batch1", AT, "a@x.com", "e5");

        assertThat(ingestion.removeEvents(A, "batch1", AT)).isEqualTo(1);

        assertThat(eventIds(A, "a@x.com")).containsExactlyInAnyOrder("e2", "e3", "e4");
        assertThat(eventIds(B, "a@x.com")).containsExactly("e5");
    }

    @Test
    void removingAgainRemovesNothingMore() {
        events(A, "batch1", AT, "a@x.com", "e1");
        ingestion.removeEvents(A, "batch1", AT);

        assertThat(ingestion.removeEvents(A, "batch1", AT)).isZero();
    }

    @Test
    void removalOfMoreEventsThanOneWriteHoldsTakesThemAll() {
        String[] ids = IntStream.range(0, 25_000).mapToObj(i -> "e" + i).toArray(String[]::new);
        for (int from = 0; from < ids.length; from += 1000) {
            events(A, "big", AT, "a@x.com", Arrays.copyOfRange(ids, from, from + 1000));
        }

        assertThat(ingestion.removeEvents(A, "big", AT)).isEqualTo(25_000);

        assertThat(eventIds(A, "a@x.com")).isEmpty();
    }
}
