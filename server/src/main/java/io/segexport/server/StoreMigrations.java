package io.segexport.server;

import io.segexport.server.profiles.store.ProfileMigrations;
import io.segexport.server.store.DataLayout;
import io.segexport.server.store.Database;
import io.segexport.server.store.Migration;
import io.segexport.server.store.Migrator;
import java.io.IOException;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * The formats of the data folder, in order: each migration brings a store written by the segexport
 * before it to its number. A store written before formats were numbered is format 0 (its legacy
 * marks spare it work already done). A change to what is stored that older data lacks adds one
 * migration, last, with the next number.
 */
public final class StoreMigrations {
    public static final List<Migration> ALL = List.of(
            new Migration(1, "count each tenant's profiles", ProfileMigrations::countProfiles),
            new Migration(2, "index the segment memberships", ProfileMigrations::indexMemberships));

    private StoreMigrations() {}

    /**
     * Opens the data folder's database and brings it to the latest format before anything reads it;
     * a folder of a newer format is refused with a {@link io.segexport.server.store.NewerFormatException},
     * left as it is.
     */
    public static Database open(DataLayout layout) throws RocksDBException, IOException {
        Database database = Database.open(layout.rocksDb());
        try {
            new Migrator(ALL).run(database, layout.root().toAbsolutePath().normalize());
            return database;
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
    }
}
