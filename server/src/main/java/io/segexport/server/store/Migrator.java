package io.segexport.server.store;

import java.nio.file.Path;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the latest format of an ordered list of migrations, numbered 1, 2, ... in
 * order, when it is opened and before anything else reads or writes it. Each migration the store
 * lacks runs in turn, logged, and the format moves to its number once it is done, so that one that
 * stops halfway runs again at the next open. A new database is of the latest format at once.
 */
public final class Migrator {
    private static final Logger logger = LoggerFactory.getLogger(Migrator.class);

    private final List<Migration> migrations;

    public Migrator(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException(
                        "migration " + migrations.get(i).version() + " is at place " + (i + 1)
                                + "; migrations are numbered 1, 2, ... in order");
            }
        }
        this.migrations = List.copyOf(migrations);
    }

    /** The format this code writes. */
    public int latest() {
        return migrations.size();
    }

    /**
     * Runs the migrations {@code database} lacks; {@code dataDir} names the folder in messages.
     * Refuses, changing nothing, a database of a format newer than {@link #latest}.
     */
    public void run(Database database, Path dataDir) throws NewerFormatException {
        if (database.created()) {
            FormatVersion.set(database, latest());
            return;
        }
        int format = FormatVersion.of(database);
        if (format > latest()) {
            throw new NewerFormatException(dataDir, format, latest());
        }
        for (Migration migration : migrations.subList(format, migrations.size())) {
            logger.info(
                    "Data folder {}: format {} to {}: {}",
                    dataDir,
                    migration.version() - 1,
                    migration.version(),
                    migration.does());
            long start = System.nanoTime();
            try {
                migration.step().run(database);
            } catch (RocksDBException e) {
                throw new StoreException("could not bring the data folder to format " + migration.version(), e);
            }
            FormatVersion.set(database, migration.version());
            logger.info(
                    "Data folder {}: format {} reached in {} ms",
                    dataDir,
                    migration.version(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
