package io.segexport.server.profiles;

import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Database;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.Tenant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Profiles, their identity links and their ExperienceEvents in RocksDB (layout: {@link ProfileKeys}).
 * Each ingest chunk is written in one atomic, synced batch. Writers are serialized by one lock:
 * a record may touch several profiles' links and reads what it then rewrites, so two chunks about the
 * same person must not interleave, and one global lock is simple and cannot deadlock. Readers never
 * wait: they read a {@link ProfileSnapshot}.
 */
public final class ProfileStore {
    private final ProfileFamilies families;
    private final WriteOptions durableWrites;
    private final ReentrantLock writeLock = new ReentrantLock();

    public ProfileStore(Database database) {
        this.families = ProfileFamilies.of(database);
        this.durableWrites = database.durableWrites();
        ProfileCounts.ensure(families, durableWrites);
        MembershipIndex.ensure(families, durableWrites);
    }

    /**
     * A consistent, point-in-time view of the whole profile store, for the export engine and lookups:
     * {@link ProfileSnapshot#profiles}, {@link ProfileSnapshot#events} and
     * {@link ProfileSnapshot#findByIdentity}. Close it (try-with-resources) to release the snapshot.
     */
    public ProfileSnapshot snapshot() {
        return new ProfileSnapshot(families);
    }

    /** The tenant's profile linked to that identity, as it stands now. */
    public Optional<StoredProfile> findByIdentity(Tenant tenant, IdentityKey identity) {
        try (ProfileSnapshot snapshot = snapshot()) {
            return snapshot.findByIdentity(tenant, identity);
        }
    }

    void ingestProfiles(Tenant tenant, List<ProfileRecord> records, long ingestTime) {
        write(tenant, ingestTime, chunk -> records.forEach(chunk::addProfileRecord));
    }

    void ingestEvents(Tenant tenant, List<EventRecord> records, long ingestTime) {
        write(tenant, ingestTime, chunk -> records.forEach(chunk::addEvent));
    }

    private void write(Tenant tenant, long ingestTime, Consumer<ChunkWriter> changes) {
        writeLock.lock();
        try (WriteBatch batch = new WriteBatch()) {
            ChunkWriter chunk = new ChunkWriter(families, Keys.tenant(tenant), ingestTime);
            changes.accept(chunk);
            chunk.writeTo(batch);
            families.db().write(durableWrites, batch);
        } catch (RocksDBException e) {
            throw new StoreException("could not store ingested records", e);
        } finally {
            writeLock.unlock();
        }
    }
}
