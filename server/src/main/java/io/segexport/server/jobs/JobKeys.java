package io.segexport.server.jobs;

import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Key layout of the job column families. Every key starts with the tenant ({@link Keys#tenant}), so
 * that no tenant's keys are a prefix of another's. Time and id are stored as {@code Long.MAX_VALUE - x}
 * in big-endian, so that RocksDB's ascending order is newest first.
 * <ul>
 *   <li>jobs: tenant, id → ExportJob
 *   <li>jobs_by_time: tenant, ~creationTime, ~id → (empty)
 *   <li>jobs_by_status: tenant, status, ~creationTime, ~id → (empty)
 *   <li>jobs_active: creationTime, id → tenant (every NEW or PROCESSING job, oldest first, across
 *       tenants: the engine's queue)
 * </ul>
 */
public final class JobKeys {
    private static final byte[] EMPTY = new byte[0];

    /** One entry a job is stored as: in its family, at its key. */
    public record Entry(Family family, byte[] key, byte[] value) {}

    private JobKeys() {}

    /**
     * The entries that store {@code job} of the tenant {@code tenantKey}: the job, and its entries
     * in the indexes by time and by status, and in the queue while it is NEW or PROCESSING.
     */
    public static List<Entry> entries(byte[] tenantKey, ExportJob job) {
        List<Entry> entries = new ArrayList<>(4);
        entries.add(new Entry(Family.JOBS, job(tenantKey, job.getId()), job.toByteArray()));
        entries.add(new Entry(Family.JOBS_BY_TIME, byTime(tenantKey, job.getCreationTime(), job.getId()), EMPTY));
        entries.add(new Entry(
                Family.JOBS_BY_STATUS,
                byStatus(tenantKey, job.getStatus(), job.getCreationTime(), job.getId()),
                EMPTY));
        if (job.getStatus() == ExportJobStatus.NEW || job.getStatus() == ExportJobStatus.PROCESSING) {
            entries.add(new Entry(Family.JOBS_ACTIVE, active(job.getCreationTime(), job.getId()), tenantKey));
        }
        return entries;
    }

    public static byte[] job(byte[] tenant, long id) {
        return ByteBuffer.allocate(tenant.length + 8).put(tenant).putLong(id).array();
    }

    public static byte[] byTime(byte[] tenant, long creationTime, long id) {
        return ByteBuffer.allocate(tenant.length + 16)
                .put(tenant)
                .putLong(Long.MAX_VALUE - creationTime)
                .putLong(Long.MAX_VALUE - id)
                .array();
    }

    public static byte[] statusPrefix(byte[] tenant, ExportJobStatus status) {
        return ByteBuffer.allocate(tenant.length + 1)
                .put(tenant)
                .put((byte) status.getNumber())
                .array();
    }

    public static byte[] byStatus(byte[] tenant, ExportJobStatus status, long creationTime, long id) {
        return byTime(statusPrefix(tenant, status), creationTime, id);
    }

    public static byte[] active(long creationTime, long id) {
        return ByteBuffer.allocate(16).putLong(creationTime).putLong(id).array();
    }

    /** The job id of a jobs_active key. */
    public static long idOfActive(byte[] activeKey) {
        return ByteBuffer.wrap(activeKey, 8, 8).getLong();
    }

    /** The job id at the end of a jobs_by_time or jobs_by_status key. */
    public static long idOf(byte[] indexKey) {
        return Long.MAX_VALUE
                - ByteBuffer.wrap(indexKey, indexKey.length - 8, 8).getLong();
    }
}
