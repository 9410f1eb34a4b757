package io.segexport.server.store;

import java.util.IdentityHashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Whether a failure came from a full disk (ENOSPC): RocksDB's NoSpace status, or the JDK's
 * "No space left on device". RocksDB stops writing after one and resumes by itself once space is
 * freed (its SstFileManager watches), so such a failure is the caller's to wait out, not a fault.
 */
public final class DiskFull {
    /** What the operating system says, in every JDK and RocksDB message of ENOSPC. */
    private static final String ENOSPC = "No space left on device";

    /** The explanation every face gives: what happened, and that nothing needs a restart. */
    public static final String MESSAGE =
            "the data folder's disk is full (" + ENOSPC + "); writes succeed again once space is freed";

    private DiskFull() {}

    /** Whether {@code failure}, or any of its causes, is a full disk. */
    public static boolean causedBy(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof RocksDBException rocks
                    && rocks.getStatus() != null
                    && rocks.getStatus().getSubCode() == Status.SubCode.NoSpace) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains(ENOSPC)) {
                return true;
            }
        }
        return false;
    }
}
