package io.segexport.server.cluster;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileChunks;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.RecordIdentities;
import io.segexport.server.profiles.stored.FragmentView;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.rocksdb.RocksIterator;

/** Checked records as ingestion hands them to a store, and families' contents in a form that compares. */
final class TestRecords {
    private TestRecords() {}

    static StoredIdentity identity(String namespace, String id) {
        return StoredIdentity.newBuilder()
                .setNamespace(namespace)
                .setId(id)
                .setAuthenticatedState("ambiguous")
                .build();
    }

    static IdentityKey key(String namespace, String id) {
        return RecordIdentities.keyOf(identity(namespace, id));
    }

    /** A profile record of the dataset whose fragment's time and one attribute are {@code n}. */
    static ProfileRecord profileRecord(int n, String datasetId, StoredIdentity... identities) {
        FragmentView fragment = FragmentView.newBuilder()
                .setDatasetId(datasetId)
                .setTime(n)
                .setAttributes(Struct.newBuilder()
                        .putFields("n", Value.newBuilder().setNumberValue(n).build())
                        .build()
                        .toByteString())
                .build();
        return new ProfileRecord(new RecordIdentities(Arrays.asList(identities)), fragment, Map.of());
    }

    /** The record with a membership of segment seg-1, qualified at second {@code n}. */
    static ProfileRecord withMembership(ProfileRecord record, String status, int n) {
        Membership membership = Membership.newBuilder()
                .setStatus(status)
                .setLastQualificationTime(Instant.ofEpochSecond(n).toString())
                .build();
        return new ProfileRecord(
                record.identities(),
                record.fragment(),
                Map.of(
                        "ups",
                        SegmentMemberships.newBuilder()
                                .putSegments("seg-1", membership)
                                .build()));
    }

    static EventRecord eventRecord(String eventId, StoredIdentity... identities) {
        return new EventRecord(
                new RecordIdentities(Arrays.asList(identities)),
                StoredEvent.newBuilder()
                        .setDatasetId("events")
                        .setEventId(eventId)
                        .build());
    }

    /** Key → value, in hex, in key order: equal families give equal maps, and a difference reads. */
    static Map<String, String> hex(List<KeyValue<Bytes, byte[]>> entries) {
        Map<String, String> hex = new TreeMap<>();
        for (KeyValue<Bytes, byte[]> entry : entries) {
            hex.put(HexFormat.of().formatHex(entry.key.get()), HexFormat.of().formatHex(entry.value));
        }
        return hex;
    }

    /** A family of the embedded store, whole, in key order. */
    static List<KeyValue<Bytes, byte[]>> family(Database database, Family family) {
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (RocksIterator it = database.db().newIterator(database.family(family))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                all.add(KeyValue.pair(Bytes.wrap(it.key()), it.value()));
            }
        }
        return all;
    }

    /** Every profile the chunks give, in order; closes them. */
    static List<byte[]> drained(ProfileChunks chunks) {
        List<byte[]> all = new ArrayList<>();
        try (chunks) {
            for (List<byte[]> chunk = chunks.next(); !chunk.isEmpty(); chunk = chunks.next()) {
                all.addAll(chunk);
            }
        }
        return all;
    }
}
