package io.segexport.server.store;

import com.google.protobuf.Message;
import java.util.List;
import java.util.Optional;

/**
 * Records of one kind (datasets, batches, merge policies, segment definitions), by tenant and id:
 * {@link TenantRecords} in the embedded database, or in cluster mode a compacted topic that every
 * node reads into a global store.
 */
public interface Records<T extends Message> {
    /** Stores a record durably, replacing any of the same id. */
    void put(Tenant tenant, String id, T record);

    Optional<T> get(Tenant tenant, String id);

    /** Removes a record durably; removing one that does not exist does nothing. */
    void delete(Tenant tenant, String id);

    /** Up to {@code limit} records in id order, after the id {@code after} (empty: from the first). */
    KeysetPage<T> list(Tenant tenant, String after, int limit);

    /** Every record of every tenant: for work that resumes at start-up. */
    List<T> all();
}
