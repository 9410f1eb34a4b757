package io.segexport.server.jobs;

import io.segexport.server.store.Keys;
import io.segexport.v1.ExportJobStatus;
import java.nio.ByteBuffer;

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
final class JobKeys {
    private JobKeys() {}

    static byte[] job(byte[] tenant, long id) {
        return ByteBuffer.allocate(tenant.length + 8).put(tenant).putLong(id).array();
    }

    static byte[] byTime(byte[] tenant, long creationTime, long id) {
        return ByteBuffer.allocate(tenant.length + 16)
                .put(tenant)
                .putLong(Long.MAX_VALUE - creationTime)
                .putLong(Long.MAX_VALUE - id)
                .array();
    }

    static byte[] statusPrefix(byte[] tenant, ExportJobStatus status) {
        return ByteBuffer.allocate(tenant.length + 1)
                .put(tenant)
                .put((byte) status.getNumber())
                .array();
    }

    static byte[] byStatus(byte[] tenant, ExportJobStatus status, long creationTime, long id) {
        return byTime(statusPrefix(tenant, status), creationTime, id);
    }

    static byte[] active(long creationTime, long id) {
        return ByteBuffer.allocate(16).putLong(creationTime).putLong(id).array();
    }

    /** The job id of a jobs_active key. */
    static long idOfActive(byte[] activeKey) {
        return ByteBuffer.wrap(activeKey, 8, 8).getLong();
    }

    /** The job id at the end of a jobs_by_time or jobs_by_status key. */
    static long idOf(byte[] indexKey) {
        return Long.MAX_VALUE
                - ByteBuffer.wrap(indexKey, indexKey.length - 8, 8).getLong();
    }
}
