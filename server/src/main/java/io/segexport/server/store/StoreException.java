package io.segexport.server.store;

import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** The store failed: a disk or database fault, never the caller's doing. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Throws, as {@code failure}, the fault that ended a scan, if one did: a RocksDB iterator stops at a
     * read error as it stops at the last key.
     */
    public static void checkScan(RocksIterator it, String failure) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException(failure, e);
        }
    }
}
