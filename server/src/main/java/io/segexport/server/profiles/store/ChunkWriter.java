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
import io.segexport.server.store.Database.Family;
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

/**
 * The changes of one tenant's ingest chunks (a request, or one message of a stream; several when
 * {@link GroupCommit} groups them), made in memory over what the database holds and then written as
 * one batch. A later record sees the changes of the earlier ones. It must run under the store's
 * writer lock, so that nothing it read changes before its batch is written. Profiles are read and
 * written as StoredProfileView: fragments' attributes stay encoded, as stored or as ingested.
 */
public final class ChunkWriter {
    private final ProfileState state;
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

    /**
     * The profile a record joins, and for each of its identities, in the record's order, the profile
     * it was linked to before the record; empty for one the record links to {@code profile}.
     */
    public record Resolution(IdentityKey profile, List<Optional<IdentityKey>> links) {}

    /** A writer of the tenant's chunk over that state; {@code tenant} is the tenant's key prefix ({@code Keys.tenant}). */
    public ChunkWriter(ProfileState state, byte[] tenant) {
        this.state = state;
        this.tenant = tenant;
        this.reads = new StoredReads(state, tenant);
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
        addProfileRecord(record, ingestTime, resolveAndLink(record.identities()));
    }

    /** As {@link #addProfileRecord(ProfileRecord, long)}, for a record resolved (and its identities linked) elsewhere. */
    public void addProfileRecord(ProfileRecord record, long ingestTime, Resolution resolution) {
        StoredProfileView.Builder profile =
                join(record.identities(), resolution, ingestTime).setHasProfileRecord(true);
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
        addEvent(record, ingestTime, resolveAndLink(record.identities()));
    }

    /** As {@link #addEvent(EventRecord, long)}, for a record resolved (and its identities linked) elsewhere. */
    public void addEvent(EventRecord record, long ingestTime, Resolution resolution) {
        StoredProfileView.Builder profile = join(record.identities(), resolution, ingestTime);
        StoredEvent event = record.event().toBuilder().setIngestTime(ingestTime).build();
        events.put(
                ProfileKeys.event(ProfileKeys.profile(tenant, profile.getPrimary()), ingestTime, event.getEventId()),
                event);
    }

    /**
     * Applies a segment evaluation's outcome to the profile's membership as it stands now (an
     * ingest may have changed it since the evaluation read it), by {@link MembershipTransition}.
     */
    public void addOutcome(SegmentOutcome outcome, String jobId, String time) {
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

    /** Puts what the chunk changed into its state, for the state to write at once. */
    public void write() {
        for (Map.Entry<IdentityKey, IdentityKey> link : newLinks.entrySet()) {
            state.put(
                    Family.IDENTITIES,
                    ProfileKeys.identity(tenant, link.getKey()),
                    link.getValue().toByteArray());
        }
        for (StoredProfileView.Builder profile : profiles.values()) {
            state.put(
                    Family.PROFILES,
                    ProfileKeys.profile(tenant, profile.getPrimary()),
                    profile.build().toByteArray());
        }
        for (Map.Entry<byte[], StoredEvent> event : events.entrySet()) {
            state.put(Family.EVENTS, event.getKey(), event.getValue().toByteArray());
        }
        writeMembershipIndex();
        if (newProfiles > 0) {
            ProfileCounts.put(state, tenant, ProfileCounts.read(state, tenant) + newProfiles);
        }
    }

    /** Brings the index of memberships in line with the profiles written, in the same write. */
    private void writeMembershipIndex() {
        for (Map.Entry<IdentityKey, Map<String, SegmentMemberships>> changed : membershipsBefore.entrySet()) {
            MembershipIndex.update(
                    state,
                    ProfileKeys.profile(tenant, changed.getKey()),
                    tenant.length,
                    changed.getValue(),
                    profiles.get(changed.getKey()).getSegmentMembershipMap());
        }
    }

    /**
     * Where a record belongs, with its unlinked identities linked to it: the profile of the record's
     * first linked identity (its primary first), else a new profile keyed by its primary identity.
     * An identity linked to another profile stays there: no stitching.
     */
    private Resolution resolveAndLink(RecordIdentities identities) {
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
        for (int i = 0; i < all.size(); i++) {
            if (links.get(i).isEmpty()) {
                newLinks.put(RecordIdentities.keyOf(all.get(i)), key);
            }
        }
        return new Resolution(key, links);
    }

    /** The resolved profile, with the identities the record linked to it added and the others' states updated. */
    private StoredProfileView.Builder join(RecordIdentities identities, Resolution resolution, long ingestTime) {
        List<StoredIdentity> all = identities.all();
        IdentityKey key = resolution.profile();
        StoredProfileView.Builder profile = profile(key);
        for (int i = 0; i < all.size(); i++) {
            StoredIdentity identity = all.get(i);
            Optional<IdentityKey> linked = resolution.links().get(i);
            if (linked.isEmpty()) {
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
