package io.segexport.server.jobs;

import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import io.segexport.v1.JobStatuses;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * Export jobs in RocksDB, scoped by tenant. A job and its index entries are written in one atomic,
 * synced batch; listing walks an index in keyset order, so a page costs the same however many jobs
 * come before it. Writers are serialized, readers are not; every write is told to the
 * {@link JobChangeListener}, in order.
 */
public final class JobStore implements ExportJobs {
    private static final byte[] NEXT_ID = "next_job_id".getBytes();

    private final Database database;
    private final ColumnFamilyHandle jobs;
    private final ColumnFamilyHandle byTime;
    private final ColumnFamilyHandle byStatus;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle active;
    private final ColumnFamilyHandle batches;
    private final JobChangeListener listener;
    private final ReentrantLock writeLock = new ReentrantLock();
    private long nextId;

    public JobStore(Database database) throws RocksDBException {
        this(database, JobChangeListener.NONE);
    }

    public JobStore(Database database, JobChangeListener listener) throws RocksDBException {
        this.database = database;
        this.listener = listener;
        this.jobs = database.family(Family.JOBS);
        this.byTime = database.family(Family.JOBS_BY_TIME);
        this.byStatus = database.family(Family.JOBS_BY_STATUS);
        this.meta = database.family(Family.META);
        this.active = database.family(Family.JOBS_ACTIVE);
        this.batches = database.family(Family.BATCHES);
        byte[] stored = database.db().get(meta, NEXT_ID);
        this.nextId = stored == null ? 1 : ByteBuffer.wrap(stored).getLong();
    }

    /** Stores a new job under the next id, with the id counter, in one durable write. */
    @Override
    public ExportJob create(Tenant tenant, ExportJob.Builder job) {
        return createAll(tenant, List.of(job)).get(0);
    }

    /**
     * Stores new jobs under the next ids, in their order, with the id counter, all in one durable
     * write: one sync for many jobs, for building a store with many of them (the benchmark's).
     */
    public List<ExportJob> createAll(Tenant tenant, List<ExportJob.Builder> newJobs) {
        byte[] tenantKey = Keys.tenant(tenant);
        writeLock.lock();
        try (WriteBatch batch = new WriteBatch()) {
            List<ExportJob> created = new ArrayList<>(newJobs.size());
            long id = nextId;
            for (ExportJob.Builder job : newJobs) {
                ExportJob stored = job.setId(id++).build();
                putWithIndexes(batch, tenantKey, stored);
                created.add(stored);
            }
            batch.put(meta, NEXT_ID, ByteBuffer.allocate(8).putLong(id).array());
            database.db().write(database.durableWrites(), batch);
            nextId = id;
            created.forEach(job -> listener.changed(tenant, job.getId(), job));
            return created;
        } catch (RocksDBException e) {
            throw new StoreException("could not store new jobs", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<ExportJob> get(Tenant tenant, long id) {
        try {
            return Optional.ofNullable(parse(database.db().get(jobs, JobKeys.job(Keys.tenant(tenant), id))));
        } catch (RocksDBException e) {
            throw new StoreException("could not read job " + id, e);
        }
    }

    /**
     * Changes a job atomically with respect to every other writer. {@code change} gets the job as
     * stored and returns its new state, or null to delete it. Returns the job as it was before,
     * empty when the tenant has no such job.
     */
    public Optional<ExportJob> modify(Tenant tenant, long id, UnaryOperator<ExportJob> change) {
        byte[] tenantKey = Keys.tenant(tenant);
        writeLock.lock();
        try {
            ExportJob before = parse(database.db().get(jobs, JobKeys.job(tenantKey, id)));
            if (before == null) {
                return Optional.empty();
            }
            replace(tenantKey, before, change.apply(before));
            return Optional.of(before);
        } catch (RocksDBException e) {
            throw new StoreException("could not change job " + id, e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<Cancelled> cancel(Tenant tenant, long id, long now) {
        return modify(tenant, id, job -> JobCancel.apply(job, now)).map(JobCancel::outcome);
    }

    /** Reads the job while no write can happen, and hands it to {@code reader} still under the writer lock. */
    @Override
    public <T> T readThenListen(Tenant tenant, long id, Function<Optional<ExportJob>, T> reader) {
        writeLock.lock();
        try {
            return reader.apply(get(tenant, id));
        } finally {
            writeLock.unlock();
        }
    }

    /** A job taken by the engine, with the tenant it belongs to. */
    public record Claimed(Tenant tenant, ExportJob job) {}

    /**
     * Takes the oldest NEW job of any tenant for running: it becomes PROCESSING through
     * {@code start}, atomically, so that no two workers take the same job. A job whose org already
     * has {@code maxPerOrg} jobs PROCESSING (in any sandbox) is passed over and stays NEW, so that
     * another org's job can run meanwhile; it is taken once one of its org's jobs has ended.
     */
    public Optional<Claimed> claimNext(int maxPerOrg, UnaryOperator<ExportJob> start) {
        writeLock.lock();
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = database.db().newIterator(active, read)) {
            // The queue holds only NEW and PROCESSING jobs. All of it is read, since a PROCESSING job
            // may come after a NEW one (a job passed over, a clock set back); of each org, only its
            // oldest NEW job is a candidate, so this holds one job per org however long the queue.
            Map<String, Integer> processing = new HashMap<>();
            Map<String, Candidate> oldestNew = new LinkedHashMap<>();
            for (it.seekToFirst(); it.isValid(); it.next()) {
                Tenant tenant = Keys.tenantOf(it.value());
                ExportJob job = parse(database.db().get(jobs, JobKeys.job(it.value(), JobKeys.idOfActive(it.key()))));
                if (job == null) {
                    continue;
                }
                if (job.getStatus() == ExportJobStatus.PROCESSING) {
                    processing.merge(tenant.orgId(), 1, Integer::sum);
                } else if (job.getStatus() == ExportJobStatus.NEW) {
                    oldestNew.putIfAbsent(tenant.orgId(), new Candidate(it.value(), tenant, job));
                }
            }
            it.status();
            for (Candidate candidate : oldestNew.values()) {
                if (processing.getOrDefault(candidate.tenant().orgId(), 0) < maxPerOrg) {
                    ExportJob started = start.apply(candidate.job());
                    replace(candidate.tenantKey(), candidate.job(), started);
                    return Optional.of(new Claimed(candidate.tenant(), started));
                }
            }
            return Optional.empty();
        } catch (RocksDBException e) {
            throw new StoreException("could not claim a job", e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Takes the oldest NEW job of any tenant for running, however many jobs its org is running. */
    public Optional<Claimed> claimNext(UnaryOperator<ExportJob> start) {
        return claimNext(Integer.MAX_VALUE, start);
    }

    private record Candidate(byte[] tenantKey, Tenant tenant, ExportJob job) {}

    /**
     * How many jobs are NEW and PROCESSING, by status, of every tenant, or none once the database is
     * closed: the queue's depth, read without the writer lock (a figure, not a decision).
     */
    public Map<ExportJobStatus, Long> activeCounts() {
        return database.whileOpen(this::countActive, Map.of());
    }

    private Map<ExportJobStatus, Long> countActive() {
        Map<ExportJobStatus, Long> counts = new EnumMap<>(ExportJobStatus.class);
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = database.db().newIterator(active, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                ExportJob job = parse(database.db().get(jobs, JobKeys.job(it.value(), JobKeys.idOfActive(it.key()))));
                if (job != null) {
                    counts.merge(job.getStatus(), 1L, Long::sum);
                }
            }
            it.status();
            return counts;
        } catch (RocksDBException e) {
            throw new StoreException("could not count the active jobs", e);
        }
    }

    /**
     * Puts the jobs that were PROCESSING when the process stopped back to NEW through
     * {@code reset}, so that they run again from the start. Returns how many there were.
     */
    public int requeueInterrupted(UnaryOperator<ExportJob> reset) {
        int requeued = 0;
        writeLock.lock();
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = database.db().newIterator(active, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                ExportJob job = parse(database.db().get(jobs, JobKeys.job(it.value(), JobKeys.idOfActive(it.key()))));
                if (job != null && job.getStatus() == ExportJobStatus.PROCESSING) {
                    replace(it.value(), job, reset.apply(job));
                    requeued++;
                }
            }
            it.status();
            return requeued;
        } catch (RocksDBException e) {
            throw new StoreException("could not requeue interrupted jobs", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Ends a running job as succeeded and makes its batches visible, in one durable write; does
     * nothing and answers false when the job is no longer PROCESSING (cancelled or deleted meanwhile).
     */
    public boolean complete(Tenant tenant, ExportJob succeeded, List<io.segexport.v1.Batch> jobBatches) {
        byte[] tenantKey = Keys.tenant(tenant);
        writeLock.lock();
        try (WriteBatch batch = new WriteBatch()) {
            ExportJob current = parse(database.db().get(jobs, JobKeys.job(tenantKey, succeeded.getId())));
            if (current == null || current.getStatus() != ExportJobStatus.PROCESSING) {
                return false;
            }
            deleteWithIndexes(batch, tenantKey, current);
            putWithIndexes(batch, tenantKey, succeeded);
            for (io.segexport.v1.Batch jobBatch : jobBatches) {
                batch.put(
                        batches,
                        Keys.startingWith(tenantKey).text(jobBatch.getId()).toBytes(),
                        jobBatch.toByteArray());
            }
            database.db().write(database.durableWrites(), batch);
            listener.changed(tenant, succeeded.getId(), succeeded);
            return true;
        } catch (RocksDBException e) {
            throw new StoreException("could not complete job " + succeeded.getId(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Deletes the ended jobs of every tenant last changed before {@code cutoff} (milliseconds since the
     * Unix epoch), each with its index entries in one durable write; answers how many it deleted. The
     * scan holds no lock; each job is checked again under the writer lock before it goes.
     */
    public int removeEndedBefore(long cutoff) {
        List<byte[]> expired = new ArrayList<>();
        Snapshot snapshot = database.db().getSnapshot();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot);
                RocksIterator it = database.db().newIterator(jobs, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (expired(parse(it.value()), cutoff)) {
                    expired.add(it.key());
                }
            }
            StoreException.checkScan(it, "could not read the jobs");
        } finally {
            database.db().releaseSnapshot(snapshot);
        }
        int removed = 0;
        for (byte[] key : expired) {
            removed += removeIfExpired(key, cutoff) ? 1 : 0;
        }
        return removed;
    }

    private boolean removeIfExpired(byte[] key, long cutoff) {
        writeLock.lock();
        try {
            ExportJob job = parse(database.db().get(jobs, key));
            if (job == null || !expired(job, cutoff)) {
                return false;
            }
            replace(Keys.tenant(Keys.tenantOf(key)), job, null);
            return true;
        } catch (RocksDBException e) {
            throw new StoreException("could not remove an expired job", e);
        } finally {
            writeLock.unlock();
        }
    }

    private static boolean expired(ExportJob job, long cutoff) {
        return JobStatuses.isEnded(job.getStatus()) && job.getUpdateTime() < cutoff;
    }

    /** Replaces a job and its index entries in one durable write; a null {@code after} deletes it. */
    private void replace(byte[] tenantKey, ExportJob before, ExportJob after) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch()) {
            deleteWithIndexes(batch, tenantKey, before);
            if (after != null) {
                putWithIndexes(batch, tenantKey, after);
            }
            database.db().write(database.durableWrites(), batch);
        }
        listener.changed(Keys.tenantOf(tenantKey), before.getId(), after);
    }

    @Override
    public KeysetPage<ExportJob> list(Tenant tenant, Optional<ExportJobStatus> status, JobCursor after, int limit) {
        byte[] tenantKey = Keys.tenant(tenant);
        byte[] prefix = status.map(s -> JobKeys.statusPrefix(tenantKey, s)).orElse(tenantKey);
        ColumnFamilyHandle index = status.isPresent() ? byStatus : byTime;
        Snapshot snapshot = database.db().getSnapshot();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot);
                RocksIterator it = database.db().newIterator(index, read)) {
            byte[] afterKey = after == null ? null : JobKeys.byTime(prefix, after.creationTime(), after.id());
            KeysetPage<byte[]> keys = KeysetPage.read(
                    it, prefix, afterKey, limit, (key, value) -> JobKeys.job(tenantKey, JobKeys.idOf(key)));
            if (keys.items().isEmpty()) {
                return new KeysetPage<>(List.of(), false);
            }
            List<ColumnFamilyHandle> families = Collections.nCopies(keys.items().size(), jobs);
            List<ExportJob> page = new ArrayList<>(keys.items().size());
            for (byte[] value : database.db().multiGetAsList(read, families, keys.items())) {
                if (value != null) {
                    page.add(parse(value));
                }
            }
            return new KeysetPage<>(page, keys.hasMore());
        } catch (RocksDBException e) {
            throw new StoreException("could not list jobs", e);
        } finally {
            database.db().releaseSnapshot(snapshot);
        }
    }

    private void putWithIndexes(WriteBatch batch, byte[] tenantKey, ExportJob job) throws RocksDBException {
        for (JobKeys.Entry entry : JobKeys.entries(tenantKey, job)) {
            batch.put(database.family(entry.family()), entry.key(), entry.value());
        }
    }

    private void deleteWithIndexes(WriteBatch batch, byte[] tenantKey, ExportJob job) throws RocksDBException {
        for (JobKeys.Entry entry : JobKeys.entries(tenantKey, job)) {
            batch.delete(database.family(entry.family()), entry.key());
        }
    }

    private static ExportJob parse(byte[] value) {
        return StoredValues.parse(ExportJob.parser(), value, "job");
    }
}
