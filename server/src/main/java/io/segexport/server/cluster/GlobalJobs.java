package io.segexport.server.cluster;

import io.segexport.server.jobs.JobChangeListener;
import io.segexport.server.jobs.JobKeys;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoredValues;
import io.segexport.v1.ExportJob;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The jobs in this node's global store: a job the ledger publishes is stored with its index entries
 * (by time, by status, the queue of those not ended), the same entries the embedded store keeps
 * ({@link JobKeys#entries}), and is told to the listener (the watches). A job is applied under a lock
 * that {@link #underLock} takes too, so that a watch registered under it hears every change after its read.
 */
final class GlobalJobs {
    private static final byte[] JOBS = GlobalKeys.kind(Family.JOBS);

    private final ReentrantLock lock = new ReentrantLock();
    private final JobChangeListener listener;

    GlobalJobs(JobChangeListener listener) {
        this.listener = listener;
    }

    static boolean isJob(Bytes key) {
        return Keys.startsWith(key.get(), JOBS);
    }

    /** Stores the job at {@code key} ({@code value} null: removes it) with its index entries, and tells the listener. */
    void apply(KeyValueStore<Bytes, byte[]> store, Bytes key, byte[] value) {
        byte[] jobKey = Arrays.copyOfRange(key.get(), JOBS.length, key.get().length);
        byte[] tenantKey = Arrays.copyOf(jobKey, jobKey.length - Long.BYTES);
        long id =
                ByteBuffer.wrap(jobKey, jobKey.length - Long.BYTES, Long.BYTES).getLong();
        lock.lock();
        try {
            byte[] before = store.get(key);
            if (before != null) {
                for (JobKeys.Entry entry : JobKeys.entries(tenantKey, parse(before))) {
                    store.delete(Bytes.wrap(GlobalKeys.of(GlobalKeys.kind(entry.family()), entry.key())));
                }
            }
            ExportJob job = value == null ? null : parse(value);
            if (job != null) {
                for (JobKeys.Entry entry : JobKeys.entries(tenantKey, job)) {
                    store.put(Bytes.wrap(GlobalKeys.of(GlobalKeys.kind(entry.family()), entry.key())), entry.value());
                }
            }
            listener.changed(Keys.tenantOf(tenantKey), id, job);
        } finally {
            lock.unlock();
        }
    }

    /** {@code read}'s answer, read while no job is applied. */
    <T> T underLock(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private static ExportJob parse(byte[] value) {
        return StoredValues.parse(ExportJob.parser(), value, "job");
    }
}
