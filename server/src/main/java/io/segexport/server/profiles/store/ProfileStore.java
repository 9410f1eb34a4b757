package io.segexport.server.profiles.store;

import io.segexport.server.profiles.memberships.SegmentOutcome;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Database;
import io.segexport.server.store.Keys;
import io.segexport.server.store.Tenant;
import java.util.List;
import java.util.Optional;

/**
 * Profiles, their identity links and their ExperienceEvents in RocksDB (layout: {@link ProfileKeys}).
 * Ingest chunks are written whole, in atomic, synced batches, one after the other ({@link GroupCommit}):
 * a record may touch several profiles' links and reads what it then rewrites, so two chunks about the
 * same person must not interleave, and one writer at a time is simple and cannot deadlock. Readers
 * never wait: they read a {@link ProfileSnapshot}. The database must be of the latest format
 * ({@link ProfileMigrations}): this store reads the counts and the index as there.
 */
public final class ProfileStore implements ProfileWrites, ProfileLookup {
    private final ProfileFamilies families;
    private final GroupCommit commits;
    private final BatchEventRemoval batchEvents;

    public ProfileStore(Database database) {
        this.families = ProfileFamilies.of(database);
        this.commits = new GroupCommit(families, database.durableWrites());
        this.batchEvents = new BatchEventRemoval(families, database.durableWrites());
    }

    /**
     * A consistent, point-in-time view of the whole profile store, for the export engine and lookups:
     * {@link ProfileSnapshot#profiles}, {@link ProfileSnapshot#events} and
     * {@link ProfileSnapshot#findByIdentity}. Close it (try-with-resources) to release the snapshot.
     */
    public ProfileSnapshot snapshot() {
        return new ProfileSnapshot(families);
    }

    @Override
    public Optional<StoredProfile> findByIdentity(Tenant tenant, IdentityKey identity) {
        try (ProfileSnapshot snapshot = snapshot()) {
            return snapshot.findByIdentity(tenant, identity);
        }
    }

    @Override
    public void ingestProfiles(Tenant tenant, List<ProfileRecord> records, long ingestTime) {
        commits.write(tenant, chunk -> {
            chunk.readAhead(records.stream().map(ProfileRecord::identities).toList());
            records.forEach(record -> chunk.addProfileRecord(record, ingestTime));
        });
    }

    /**
     * Writes a segment evaluation's outcomes (job {@code jobId}, at {@code time}, RFC 3339) to the
     * profiles' memberships and their index, in one atomic, synced batch.
     */
    public void writeOutcomes(Tenant tenant, List<SegmentOutcome> outcomes, String jobId, String time) {
        commits.write(tenant, chunk -> outcomes.forEach(outcome -> chunk.addOutcome(outcome, jobId, time)));
    }

    @Override
    public void ingestEvents(Tenant tenant, List<EventRecord> records, long ingestTime) {
        commits.write(tenant, chunk -> {
            chunk.readAhead(records.stream().map(EventRecord::identities).toList());
            records.forEach(record -> chunk.addEvent(record, ingestTime));
        });
    }

    /**
     * Removes the tenant's events that ingestion batch {@code batchId} stored at {@code ingestTime}
     * (its COMPLETE's time); answers how many. Each removal is durable when this returns.
     */
    public long removeBatchEvents(Tenant tenant, String batchId, long ingestTime) {
        return batchEvents.remove(Keys.tenant(tenant), batchId, ingestTime);
    }
}
