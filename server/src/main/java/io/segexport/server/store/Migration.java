package io.segexport.server.store;

import org.rocksdb.RocksDBException;

/**
 * One step of the data folder's format: {@code step} brings a store of format {@code version - 1}
 * to {@code version}, and {@code does} says how, for the log. A step that stops halfway (a crash)
 * runs again whole at the next open, so running it over its own partial work must end as one
 * uninterrupted run would.
 */
public record Migration(int version, String does, Step step) {
    /** The work of a migration, on a database no one else reads or writes yet. */
    @FunctionalInterface
    public interface Step {
        void run(Database database) throws RocksDBException;
    }
}
