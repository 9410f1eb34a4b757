package io.segexport.server.cluster;

import com.google.protobuf.ByteString;
import io.segexport.server.cluster.stored.ProfileBody;
import io.segexport.server.cluster.stored.RoutedRecord;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileKeys;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.RecordIdentities;

/** Checked records as the ingest topic carries them, keyed by their primary identity (their first stop). */
public final class RoutedRecords {
    private RoutedRecords() {}

    /** {@code tenant} is the tenant's key prefix ({@code Keys.tenant}). */
    public static RoutedRecord of(byte[] tenant, ProfileRecord record, long ingestTime) {
        return RoutedRecord.newBuilder()
                .setTenant(ByteString.copyFrom(tenant))
                .setIngestTime(ingestTime)
                .addAllIdentities(record.identities().all())
                .setProfile(
                        ProfileBody.newBuilder().setFragment(record.fragment()).putAllMemberships(record.memberships()))
                .build();
    }

    public static RoutedRecord of(byte[] tenant, EventRecord record, long ingestTime) {
        return RoutedRecord.newBuilder()
                .setTenant(ByteString.copyFrom(tenant))
                .setIngestTime(ingestTime)
                .addAllIdentities(record.identities().all())
                .setEvent(record.event())
                .build();
    }

    /** The key a record is produced with to the ingest topic. */
    public static byte[] key(RoutedRecord record) {
        return ProfileKeys.identity(record.getTenant().toByteArray(), RecordIdentities.keyOf(record.getIdentities(0)));
    }
}
