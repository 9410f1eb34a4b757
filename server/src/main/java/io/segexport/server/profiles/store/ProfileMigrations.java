package io.segexport.server.profiles.store;

import io.segexport.server.store.Database;
import org.rocksdb.RocksDBException;

/** The profile store's steps of the data folder's format; their numbers and order are the server's list. */
public final class ProfileMigrations {
    private ProfileMigrations() {}

    /** Format 1: each tenant's profile count, kept in meta with the profiles. */
    public static void countProfiles(Database database) throws RocksDBException {
        ProfileCounts.countAll(ProfileFamilies.of(database), database.durableWrites());
    }

    /** Format 2: the index of segment memberships. */
    public static void indexMemberships(Database database) throws RocksDBException {
        MembershipIndex.indexAll(ProfileFamilies.of(database), database.durableWrites());
    }
}
