package io.segexport.server.profiles.store;

import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * The profile store as it stood at one instant (a RocksDB snapshot): every read through it sees the
 * same data, however much is ingested meanwhile. Several threads may read through it at once; close
 * it once they are done, which releases the snapshot.
 *
 * <pre>{@code
 * try (ProfileSnapshot snapshot = profileStore.snapshot();
 *      ProfileIterator profiles = snapshot.profiles(tenant)) {
 *     while (profiles.hasNext()) {
 *         StoredProfile profile = profiles.next();
 *         List<StoredEvent> events = snapshot.events(tenant, profile.getPrimary(), from, to);
 *     }
 * }
 * }</pre>
 */
public final class ProfileSnapshot implements ProfileSource {
    private final ProfileFamilies families;
    private final Snapshot snapshot;
    private final ReadOptions read;

    ProfileSnapshot(ProfileFamilies families) {
        this.families = families;
        this.snapshot = families.db().getSnapshot();
        this.read = new ReadOptions().setSnapshot(snapshot);
    }

    /** Every profile of the tenant, in key order (primary namespace, then primary id). Close the iterator before the snapshot. */
    public ProfileIterator profiles(Tenant tenant) {
        return new ProfileIterator(families.db().newIterator(families.profiles(), read), Keys.tenant(tenant));
    }

    /** Every profile of the tenant, unparsed, in key order, {@code chunkSize} at a time. */
    @Override
    public ProfileChunks allProfiles(Tenant tenant, int chunkSize) {
        return new ScannedProfiles(families, snapshot, Keys.tenant(tenant), chunkSize);
    }

    /**
     * The tenant's profiles that have, in at least one of these segment statuses, a membership that
     * {@code accepts} takes; unparsed, in key order, each once, {@code chunkSize} at a time. Only they
     * are read: the index of memberships names them.
     */
    @Override
    public ProfileChunks members(
            Tenant tenant, List<SegmentStatus> statuses, Predicate<Membership> accepts, int chunkSize) {
        return new MemberProfiles(families, snapshot, Keys.tenant(tenant), statuses, accepts, chunkSize);
    }

    /** How many profiles {@link #members} gives, counted from the index alone. */
    @Override
    public long memberCount(Tenant tenant, List<SegmentStatus> statuses, Predicate<Membership> accepts) {
        try (MemberKeys keys = new MemberKeys(
                RocksCursor.opener(families.db(), families.memberships(), read),
                Keys.tenant(tenant),
                statuses,
                accepts)) {
            return keys.count();
        }
    }

    /** How many profiles the tenant has: as many as {@link #profiles} gives. */
    @Override
    public long profileCount(Tenant tenant) {
        return ProfileCounts.read(families, read, Keys.tenant(tenant));
    }

    /** The tenant's profile linked to that identity (any of its identities, not only the primary one). */
    public Optional<StoredProfile> findByIdentity(Tenant tenant, IdentityKey identity) {
        byte[] tenantKey = Keys.tenant(tenant);
        try {
            IdentityKey primary = StoredValues.parse(
                    IdentityKey.parser(),
                    families.db().get(families.identities(), read, ProfileKeys.identity(tenantKey, identity)),
                    "identity link");
            if (primary == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(StoredValues.parse(
                    StoredProfile.parser(),
                    families.db().get(families.profiles(), read, ProfileKeys.profile(tenantKey, primary)),
                    "profile"));
        } catch (RocksDBException e) {
            throw new StoreException("could not read a profile", e);
        }
    }

    /**
     * The ExperienceEvents of the profile keyed by {@code primary} (a profile's
     * {@code getPrimary()}) ingested in [{@code fromIngestTime}, {@code toIngestTime}), in ms since
     * the epoch, oldest ingested first. {@code 0} and {@code Long.MAX_VALUE} leave an end open.
     */
    @Override
    public List<StoredEvent> events(Tenant tenant, IdentityKey primary, long fromIngestTime, long toIngestTime) {
        byte[] profileKey = ProfileKeys.profile(Keys.tenant(tenant), primary);
        List<StoredEvent> events = new ArrayList<>();
        try (RocksIterator it = families.db().newIterator(families.events(), read)) {
            for (it.seek(ProfileKeys.eventsFrom(profileKey, fromIngestTime));
                    it.isValid()
                            && Keys.startsWith(it.key(), profileKey)
                            && ProfileKeys.ingestTimeOf(it.key(), profileKey.length) < toIngestTime;
                    it.next()) {
                events.add(StoredValues.parse(StoredEvent.parser(), it.value(), "event"));
            }
            it.status();
            return events;
        } catch (RocksDBException e) {
            throw new StoreException("could not read events", e);
        }
    }

    @Override
    public void close() {
        read.close();
        families.db().releaseSnapshot(snapshot);
    }
}
