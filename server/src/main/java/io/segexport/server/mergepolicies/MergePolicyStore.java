package io.segexport.server.mergepolicies;

import io.segexport.server.store.Database;
import io.segexport.server.store.Database.Family;
import io.segexport.server.store.Keys;
import io.segexport.server.store.StoreException;
import io.segexport.server.store.StoredValues;
import io.segexport.server.store.Tenant;
import io.segexport.v1.MergePolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Merge policies in RocksDB, scoped by tenant: {@code merge_policies}: tenant, id → MergePolicy.
 * The built-in policy is not stored; {@link #find} answers it for every tenant. Policies are only
 * ever created whole under a fresh id, so writes need no lock.
 */
public final class MergePolicyStore {
    private final Database database;
    private final ColumnFamilyHandle policies;

    public MergePolicyStore(Database database) {
        this.database = database;
        this.policies = database.family(Family.MERGE_POLICIES);
    }

    void create(Tenant tenant, MergePolicy policy) {
        try {
            database.db().put(policies, database.durableWrites(), key(tenant, policy.getId()), policy.toByteArray());
        } catch (RocksDBException e) {
            throw new StoreException("could not store a new merge policy", e);
        }
    }

    /** The tenant's policy of that id, the built-in one included; empty when there is none. */
    public Optional<MergePolicy> find(Tenant tenant, String id) {
        if (id.equals(BuiltInPolicy.ID)) {
            return Optional.of(BuiltInPolicy.of(tenant));
        }
        try {
            return Optional.ofNullable(StoredValues.parse(MergePolicy.parser(),
                    database.db().get(policies, key(tenant, id)), "merge policy"));
        } catch (RocksDBException e) {
            throw new StoreException("could not read merge policy " + id, e);
        }
    }

    /**
     * Up to {@code count} of the tenant's stored policies, in key order (ids are UUIDs of one length,
     * so that is id order), starting after {@code afterId} ("" starts at the first).
     */
    List<MergePolicy> list(Tenant tenant, String afterId, int count) {
        byte[] prefix = Keys.tenant(tenant);
        List<MergePolicy> page = new ArrayList<>();
        try (RocksIterator it = database.db().newIterator(policies)) {
            byte[] start = afterId.isEmpty() ? prefix : key(tenant, afterId);
            it.seek(start);
            if (!afterId.isEmpty() && it.isValid() && Arrays.equals(it.key(), start)) {
                it.next();
            }
            for (; it.isValid() && page.size() < count && Keys.startsWith(it.key(), prefix); it.next()) {
                page.add(StoredValues.parse(MergePolicy.parser(), it.value(), "merge policy"));
            }
            it.status();
            return page;
        } catch (RocksDBException e) {
            throw new StoreException("could not list merge policies", e);
        }
    }

    private static byte[] key(Tenant tenant, String id) {
        return Keys.startingWith(Keys.tenant(tenant)).text(id).toBytes();
    }
}
