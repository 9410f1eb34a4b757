package io.segexport.server.profiles.store;

import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;

/**
 * The database and the column families that hold profiles, their identities and their events, and
 * the meta family that holds the profile counts, and the index of segment memberships.
 */
record ProfileFamilies(
        RocksDB db,
        ColumnFamilyHandle profiles,
        ColumnFamilyHandle identities,
        ColumnFamilyHandle events,
        ColumnFamilyHandle meta,
        ColumnFamilyHandle memberships) {
    /** The handle of one of these families. */
    ColumnFamilyHandle handle(Family family) {
        return switch (family) {
            case PROFILES -> profiles;
            case IDENTITIES -> identities;
            case EVENTS -> events;
            case META -> meta;
            case MEMBERSHIPS -> memberships;
            default -> throw new IllegalArgumentException(family + " is not a profile family");
        };
    }

    static ProfileFamilies of(Database database) {
        return new ProfileFamilies(
                database.db(),
                database.family(Family.PROFILES),
                database.family(Family.IDENTITIES),
                database.family(Family.EVENTS),
                database.family(Family.META),
                database.family(Family.MEMBERSHIPS));
    }
}
