package io.segexport.server.mergepolicies;

import io.segexport.server.store.Database;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.MergePolicy;
import java.util.Optional;

/**
 * Merge policies in RocksDB, scoped by tenant: {@code merge_policies}: tenant, id → MergePolicy.
 * The built-in policy is not stored; {@link #find} answers it for every tenant. Policies are only
 * ever created whole under a fresh id, so writes need no lock.
 */
public final class MergePolicyStore {
    private final Records<MergePolicy> policies;

    /** Over the embedded store's records. */
    public MergePolicyStore(Database database) {
        this(TenantRecords.mergePolicies(database));
    }

    public MergePolicyStore(Records<MergePolicy> policies) {
        this.policies = policies;
    }

    void create(Tenant tenant, MergePolicy policy) {
        policies.put(tenant, policy.getId(), policy);
    }

    /** The tenant's policy of that id, the built-in one included; empty when there is none. */
    public Optional<MergePolicy> find(Tenant tenant, String id) {
        return id.equals(BuiltInPolicy.ID) ? Optional.of(BuiltInPolicy.of(tenant)) : policies.get(tenant, id);
    }

    /**
     * Up to {@code count} of the tenant's stored policies, in key order (ids are UUIDs of one length,
     * so that is id order), starting after {@code afterId} ("" starts at the first).
     */
    KeysetPage<MergePolicy> list(Tenant tenant, String afterId, int count) {
        return policies.list(tenant, afterId, count);
    }
}
