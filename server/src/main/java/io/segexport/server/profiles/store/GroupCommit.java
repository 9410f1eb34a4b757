package io.segexport.server.profiles.store;

import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Writes ingest chunks in groups. Each caller queues its chunk and takes the writer lock; whoever
 * holds it applies every queued chunk, in queue order, over one in-memory state per tenant, and
 * writes them all in one atomic, synced batch; a caller whose chunk was in an earlier holder's group
 * finds it written. So one sync serves every chunk that arrived while the previous group was being
 * written, and each chunk still sees the effects of every chunk queued before it: those of its own
 * group in memory, those of earlier groups in the database, as a group is written before the lock is
 * released. A group that fails fails each of its chunks, and none of it is written.
 */
final class GroupCommit {
    private final ProfileFamilies families;
    private final WriteOptions durableWrites;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Queue<Chunk> queued = new ConcurrentLinkedQueue<>();

    GroupCommit(ProfileFamilies families, WriteOptions durableWrites) {
        this.families = families;
        this.durableWrites = durableWrites;
    }

    /** Applies {@code changes} of one chunk of the tenant and returns once they are durably written. */
    void write(Tenant tenant, Consumer<ChunkWriter> changes) {
        Chunk chunk = new Chunk(tenant, changes);
        queued.add(chunk);
        writeLock.lock();
        try {
            if (!chunk.written) {
                writeQueued();
            }
        } finally {
            writeLock.unlock();
        }
        if (chunk.failure != null) {
            throw chunk.failure;
        }
    }

    /** Under the writer lock. */
    private void writeQueued() {
        List<Chunk> group = new ArrayList<>();
        for (Chunk chunk = queued.poll(); chunk != null; chunk = queued.poll()) {
            group.add(chunk);
        }
        RuntimeException failure = null;
        try (WriteBatch batch = new WriteBatch()) {
            ProfileState state = new DatabaseState(families, batch);
            Map<Tenant, ChunkWriter> writers = new LinkedHashMap<>();
            for (Chunk chunk : group) {
                chunk.changes.accept(
                        writers.computeIfAbsent(chunk.tenant, t -> new ChunkWriter(state, Keys.tenant(t))));
            }
            for (ChunkWriter writer : writers.values()) {
                writer.write();
            }
            families.db().write(durableWrites, batch);
        } catch (RocksDBException e) {
            failure = new StoreException("could not store ingested records", e);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Chunk chunk : group) {
            chunk.failure = failure;
            chunk.written = true;
        }
    }

    /** A queued chunk; its outcome is set and read under the writer lock. */
    private static final class Chunk {
        final Tenant tenant;
        final Consumer<ChunkWriter> changes;
        boolean written;
        RuntimeException failure;

        Chunk(Tenant tenant, Consumer<ChunkWriter> changes) {
            this.tenant = tenant;
            this.changes = changes;
        }
    }
}
