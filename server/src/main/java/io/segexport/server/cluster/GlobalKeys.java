package io.segexport.server.cluster;

import io.segexport.server.jobs.JobKeys;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import java.util.Locale;

/**
 * The key layout of the records topic and the global store that keeps it: a kind, then the key the
 * embedded store gives the same entry in that kind's family. Records of the API's kinds (datasets,
 * batches, ...) are (kind, tenant, id); a job and its index entries are the job families' keys
 * ({@link JobKeys}) after the family's name; a run's state is the job's key after {@code job_runs}.
 */
final class GlobalKeys {
    static final String RUNS = "job_runs";
    static final String BATCHES = "batches";
    /** The states of ingestion batches that load or are processed ({@link ClusterBatchLedger}). */
    static final String INGEST_BATCHES = "ingest_batches";
    /** The key of the records a node writes to learn that its store is up to date; never stored. */
    static final byte[] SYNC = kind("sync");

    private GlobalKeys() {}

    /** The prefix of every key of {@code kind}. */
    static byte[] kind(String kind) {
        return Keys.startingWith(new byte[0]).text(kind).toBytes();
    }

    /** The prefix of every key of the family's kind. */
    static byte[] kind(Family family) {
        return kind(family.name().toLowerCase(Locale.ROOT));
    }

    /** {@code rest} after the kind's prefix. */
    static byte[] of(byte[] kindPrefix, byte[] rest) {
        byte[] key = new byte[kindPrefix.length + rest.length];
        System.arraycopy(kindPrefix, 0, key, 0, kindPrefix.length);
        System.arraycopy(rest, 0, key, kindPrefix.length, rest.length);
        return key;
    }

    /** An API record's key: (kind, tenant, id). */
    static byte[] record(String kind, byte[] tenantKey, String id) {
        return Keys.startingWith(of(kind(kind), tenantKey)).text(id).toBytes();
    }

    static byte[] job(byte[] tenantKey, long id) {
        return of(kind(Family.JOBS), JobKeys.job(tenantKey, id));
    }

    static byte[] run(byte[] tenantKey, long id) {
        return of(kind(RUNS), JobKeys.job(tenantKey, id));
    }
}
