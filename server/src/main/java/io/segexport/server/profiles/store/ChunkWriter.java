package io.segexport.server.profiles.store;

import io.segexport.server.profiles.memberships.MembershipTransition;
import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.stored.FragmentView;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.profiles.stored.StoredProfileView;
import io.segexport.server.store.StoredValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The changes of one tenant's ingest chunks (a request, or one message of a stream; several when
 * {@link GroupCommit} groups them), made in memory over what the database holds and then written as
 * one batch. A later record sees the changes of the earlier ones. It must run under the store's
 * writer lock, so that nothing it read changes before its batch is written. Profiles are read and
 * written as StoredProfileView: fragments' attributes stay encoded, as stored or as ingested.
 */
final class ChunkWriter {
    private final ProfileFamilies families;
    private final byte[] tenant;
    /** Identities linked by this chunk → the profile they are linked to. */
    private final Map<IdentityKey, IdentityKey> newLinks = new LinkedHashMap<>();
    /** Profiles this chunk changed, by key, as they will be written. */
    private final Map<IdentityKey, StoredProfileView.Builder> profiles = new LinkedHashMap<>();
    /** Events to write, by key. */
    private final Map<byte[], StoredEvent> events = new TreeMap<>(Arrays::compare);

    private int newProfiles;
    /** The memberships, as stored before this chunk, of each profile whose memberships it changes. */
    private final Map<IdentityKey, Map<String, SegmentMemberships>> membershipsBefore = new HashMap<>();

    private final StoredReads reads;

    ChunkWriter(ProfileFamilies families, byte[] tenant) {
        this.families = families;
        this.tenant = tenant;
        this.reads = new StoredReads(families, tenant);
    }

    /**
     * Reads together what the records of a chunk will read one by one: their identities' links, then
     * the profiles those links (or else their primary identities) name as things stand before the
     * chunk. What the chunk's own records change is found in memory first, so this only saves reads.
     */
    void readAhead(List<RecordIdentities> records) {
        List<IdentityKey> identities = new ArrayList<>();
        for (RecordIdentities record : records) {
            for (StoredIdentity identity : record.all()) {
                IdentityKey key = RecordIdentities.keyOf(identity);
                if (!newLinks.containsKey(key)) {
                    identities.add(key);
                }
            }
        }
        reads.readLinks(identities);
        List<IdentityKey> keys = new ArrayList<>();
        for (RecordIdentities record : records) {
            IdentityKey key = profileKeyOf(record);
            if (!profiles.containsKey(key)) {
                keys.add(key);
            }
        }
        reads.readProfiles(keys);
    }

    /** Keeps the record as its dataset's fragment of its profile, unless that dataset sent a newer one. */
    void addProfileRecord(ProfileRecord record, long ingestTime) {
        StoredProfileView.Builder profile =
                profileOf(record.identities(), ingestTime).setHasProfileRecord(true);
        FragmentView incoming =
                record.fragment().toBuilder().setIngestTime(ingestTime).build();
        int existing = fragmentOf(profile, incoming.getDatasetId());
        if (existing < 0) {
            profile.addFragments(incoming);
        } else if (incoming.getTime() >= profile.getFragments(existing).getTime()) {
            profile.setFragments(existing, incoming);
        }
        if (!record.memberships().isEmpty()) {
            membershipsBefore.putIfAbsent(profile.getPrimary(), Map.copyOf(profile.getSegmentMembershipMap()));
        }
        record.memberships().forEach((namespace, segments) -> mergeMemberships(profile, namespace, segments));
    }

    void addEvent(EventRecord record, long ingestTime) {
        StoredProfileView.Builder profile = profileOf(record.identities(), ingestTime);
        StoredEvent event = record.event().toBuilder().setIngestTime(ingestTime).build();
        events.put(
                ProfileKeys.event(ProfileKeys.profile(tenant, profile.getPrimary()), ingestTime, event.getEventId()),
                event);
    }

    /**
     * Applies a segment evaluation's outcome to the profile's membership as it stands now (an
     * ingest may have changed it since the evaluation read it), by {@link MembershipTransition}.
     */
    void addOutcome(SegmentOutcome outcome, String jobId, String time) {
        StoredProfileView.Builder profile = stored(outcome.profile());
        if (profile == null) {
            return;
        }
        Map<String, Membership> segments = new LinkedHashMap<>(
                profile.getSegmentMembershipOrDefault(outcome.namespace(), SegmentMemberships.getDefaultInstance())
                        .getSegmentsMap());
        Membership known = segments.get(outcome.segmentId());
        Membership next = MembershipTransition.next(known, outcome.qualifies(), jobId, time);
        if (Objects.equals(known, next)) {
            return;
        }
        membershipsBefore.putIfAbsent(profile.getPrimary(), Map.copyOf(profile.getSegmentMembershipMap()));
        if (next == null) {
            segments.remove(outcome.segmentId());
        } else {
            segments.put(outcome.segmentId(), next);
        }
        if (segments.isEmpty()) {
            profile.removeSegmentMembership(outcome.namespace());
        } else {
            profile.putSegmentMembership(
                    outcome.namespace(),
                    SegmentMemberships.newBuilder().putAllSegments(segments).build());
        }
    }

    void writeTo(WriteBatch batch) throws RocksDBException {
        for (Map.Entry<IdentityKey, IdentityKey> link : newLinks.entrySet()) {
            batch.put(
                    families.identities(),
                    ProfileKeys.identity(tenant, link.getKey()),
                    link.getValue().toByteArray());
        }
        for (StoredProfileView.Builder profile : profiles.values()) {
            batch.put(
                    families.profiles(),
                    ProfileKeys.profile(tenant, profile.getPrimary()),
                    profile.build().toByteArray());
        }
        for (Map.Entry<byte[], StoredEvent> event : events.entrySet()) {
            batch.put(families.events(), event.getKey(), event.getValue().toByteArray());
        }
        writeMembershipIndex(batch);
        if (newProfiles > 0) {
            try (ReadOptions read = new ReadOptions()) {
                ProfileCounts.put(batch, families, tenant, ProfileCounts.read(families, read, tenant) + newProfiles);
            }
        }
    }

    /** Brings the index of memberships in line with the profiles written, in the same batch. */
    private void writeMembershipIndex(WriteBatch batch) throws RocksDBException {
        for (Map.Entry<IdentityKey, Map<String, SegmentMemberships>> changed : membershipsBefore.entrySet()) {
            MembershipIndex.update(
                    batch,
                    families,
                    ProfileKeys.profile(tenant, changed.getKey()),
                    tenant.length,
                    changed.getValue(),
                    profiles.get(changed.getKey()).getSegmentMembershipMap());
        }
    }

    /**
     * The profile a record belongs to, with the record's unlinked identities linked to it: the
     * profile of the record's first linked identity (its primary first), else a new profile keyed
     * by its primary identity. An identity linked to another profile stays there: no stitching.
     */
    private StoredProfileView.Builder profileOf(RecordIdentities identities, long ingestTime) {
        List<StoredIdentity> all = identities.all();
        List<Optional<IdentityKey>> links = new ArrayList<>(all.size());
        IdentityKey key = null;
        for (StoredIdentity identity : all) {
            Optional<IdentityKey> linked = linkOf(RecordIdentities.keyOf(identity));
            links.add(linked);
            if (key == null && linked.isPresent()) {
                key = linked.get();
            }
        }
        if (key == null) {
            key = identities.primary();
        }
        StoredProfileView.Builder profile = profile(key);
        for (int i = 0; i < all.size(); i++) {
            StoredIdentity identity = all.get(i);
            Optional<IdentityKey> linked = links.get(i);
            if (linked.isEmpty()) {
                newLinks.put(RecordIdentities.keyOf(identity), key);
                profile.addIdentities(identity);
            } else if (linked.get().equals(key)) {
                updateAuthenticatedState(profile, identity);
            }
        }
        return profile.setLastIngestTime(Math.max(profile.getLastIngestTime(), ingestTime));
    }

    /** The key of the profile the record would join now: that of its first linked identity, else its primary. */
    private IdentityKey profileKeyOf(RecordIdentities identities) {
        for (StoredIdentity identity : identities.all()) {
            Optional<IdentityKey> linked = linkOf(RecordIdentities.keyOf(identity));
            if (linked.isPresent()) {
                return linked.get();
            }
        }
        return identities.primary();
    }

    private Optional<IdentityKey> linkOf(IdentityKey identity) {
        IdentityKey linked = newLinks.get(identity);
        if (linked != null) {
            return Optional.of(linked);
        }
        return Optional.ofNullable(reads.link(identity));
    }

    private StoredProfileView.Builder profile(IdentityKey key) {
        StoredProfileView.Builder profile = stored(key);
        if (profile == null) {
            newProfiles++;
            profile = StoredProfileView.newBuilder().setPrimary(key);
            profiles.put(key, profile);
        }
        return profile;
    }

    /** The profile of that key as this chunk leaves it; null if there is none. */
    private StoredProfileView.Builder stored(IdentityKey key) {
        StoredProfileView.Builder known = profiles.get(key);
        if (known != null) {
            return known;
        }
        StoredProfileView read = StoredValues.parse(StoredProfileView.parser(), reads.profile(key), "profile");
        if (read == null) {
            return null;
        }
        StoredProfileView.Builder profile = read.toBuilder();
        profiles.put(key, profile);
        return profile;
    }

    private static int fragmentOf(StoredProfileView.Builder profile, String datasetId) {
        for (int i = 0; i < profile.getFragmentsCount(); i++) {
            if (profile.getFragments(i).getDatasetId().equals(datasetId)) {
                return i;
            }
        }
        return -1;
    }

    private static void updateAuthenticatedState(StoredProfileView.Builder profile, StoredIdentity identity) {
        for (int i = 0; i < profile.getIdentitiesCount(); i++) {
            StoredIdentity known = profile.getIdentities(i);
            if (known.getNamespace().equals(identity.getNamespace())
                    && known.getId().equals(identity.getId())) {
                profile.setIdentities(i, identity);
                return;
            }
        }
    }

    /** Keeps, per segment, the membership that qualified last; on a tie, the incoming one. */
    private static void mergeMemberships(
            StoredProfileView.Builder profile, String namespace, SegmentMemberships incoming) {
        Map<String, Membership> merged = new LinkedHashMap<>(
                profile.getSegmentMembershipOrDefault(namespace, SegmentMemberships.getDefaultInstance())
                        .getSegmentsMap());
        incoming.getSegmentsMap()
                .forEach((segmentId, membership) ->
                        merged.merge(segmentId, membership, (known, given) -> isBefore(given, known) ? known : given));
        profile.putSegmentMembership(
                namespace,
                SegmentMemberships.newBuilder().putAllSegments(merged).build());
    }

    /** Re-ingesting a membership unchanged is common: equal times need no parsing. */
    private static boolean isBefore(Membership given, Membership known) {
        String givenTime = given.getLastQualificationTime();
        String knownTime = known.getLastQualificationTime();
        return !givenTime.equals(knownTime) && Instant.parse(givenTime).isBefore(Instant.parse(knownTime));
    }
}
