package io.segexport.server.cluster;

import com.google.protobuf.ByteString;
import io.segexport.server.cluster.stored.ProfileBody;
import io.segexport.server.cluster.stored.RoutedRecord;
import io.segexport.server.cluster.stored.SegmentOutcomes;
import io.segexport.server.cluster.stored.StoredOutcome;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileKeys;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.RecordIdentities;
import java.util.List;

/**
 * Checked records as the ingest topic carries them, keyed by their primary identity (their first
 * stop), and a segment evaluation's outcomes as the profile records topic carries them.
 */
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

    /** A segment evaluation's outcomes, of profiles of one partition, as its merge takes them. */
    public static RoutedRecord of(byte[] tenant, List<SegmentOutcome> outcomes, String jobId, String time) {
        SegmentOutcomes.Builder body =
                SegmentOutcomes.newBuilder().setJobId(jobId).setTime(time);
        for (SegmentOutcome outcome : outcomes) {
            body.addOutcomes(StoredOutcome.newBuilder()
                    .setProfile(outcome.profile())
                    .setNamespace(outcome.namespace())
                    .setSegmentId(outcome.segmentId())
                    .setQualifies(outcome.qualifies()));
        }
        return RoutedRecord.newBuilder()
                .setTenant(ByteString.copyFrom(tenant))
                .setOutcomes(body)
                .build();
    }

    /** The key a record is produced with to the ingest topic. */
    public static byte[] key(RoutedRecord record) {
        return ProfileKeys.identity(record.getTenant().toByteArray(), RecordIdentities.keyOf(record.getIdentities(0)));
    }
}
