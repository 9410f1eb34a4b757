package io.segexport.server.profiles.store;

import io.segexport.server.profiles.memberships.SegmentStatus;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.StoredEvent;
import io.segexport.server.store.Tenant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the export engine and segment evaluation read of the profiles: the embedded store's
 * {@link ProfileSnapshot}, or in cluster mode the stores of the partitions a node owns. The engine
 * reads only through this, so that merging, filtering, projection, row writing and evaluation are
 * one piece of code in both modes. Close it when done (try-with-resources).
 */
public interface ProfileSource extends AutoCloseable {
    /**
     * Accepts every membership, for {@link #members} and {@link #memberCount}: the index is then read
     * by its keys alone, without parsing each membership to test it.
     */
    Predicate<Membership> ANY_MEMBERSHIP = membership -> true;

    /** Every profile of the tenant, unparsed (StoredProfile bytes), in key order, {@code chunkSize} at a time. */
    ProfileChunks allProfiles(Tenant tenant, int chunkSize);

    /**
     * The tenant's profiles that have, in at least one of these segment statuses, a membership that
     * {@code accepts} takes; unparsed, in key order, each once, {@code chunkSize} at a time. Only they
     * are read: the index of memberships names them.
     */
    ProfileChunks members(Tenant tenant, List<SegmentStatus> statuses, Predicate<Membership> accepts, int chunkSize);

    /** How many profiles {@link #members} gives, counted from the index alone. */
    long memberCount(Tenant tenant, List<SegmentStatus> statuses, Predicate<Membership> accepts);

    /** How many profiles the tenant has: as many as {@link #allProfiles} gives. */
    long profileCount(Tenant tenant);

    /**
     * The ExperienceEvents of the profile keyed by {@code primary} (a profile's
     * {@code getPrimary()}) ingested in [{@code fromIngestTime}, {@code toIngestTime}), in ms since
     * the epoch, oldest ingested first. {@code 0} and {@code Long.MAX_VALUE} leave an end open.
     */
    List<StoredEvent> events(Tenant tenant, IdentityKey primary, long fromIngestTime, long toIngestTime);

    @Override
    void close();
}
