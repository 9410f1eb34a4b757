package io.segexport.server.segments;

import io.segexport.server.store.Database;
import io.segexport.server.store.KeysetPage;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.SegmentDefinition;
import java.util.Optional;

/**
 * Segment definitions in RocksDB, scoped by tenant: {@code segment_definitions}: tenant, id →
 * SegmentDefinition, every write synced. Definitions are created whole under a fresh id and never
 * changed, so only deleting needs a lock (two deletes of one id must not both succeed).
 */
public final class SegmentDefinitionStore {
    private final Records<SegmentDefinition> definitions;

    /** Over the embedded store's records. */
    public SegmentDefinitionStore(Database database) {
        this(TenantRecords.segmentDefinitions(database));
    }

    public SegmentDefinitionStore(Records<SegmentDefinition> definitions) {
        this.definitions = definitions;
    }

    public void create(Tenant tenant, SegmentDefinition definition) {
        definitions.put(tenant, definition.getId(), definition);
    }

    /** The tenant's definition of that id; empty when there is none. */
    public Optional<SegmentDefinition> find(Tenant tenant, String id) {
        return definitions.get(tenant, id);
    }

    /** Up to {@code count} of the tenant's definitions in id order, after {@code afterId} ("" starts at the first). */
    KeysetPage<SegmentDefinition> list(Tenant tenant, String afterId, int count) {
        return definitions.list(tenant, afterId, count);
    }

    /** Deletes the tenant's definition of that id; false when there was none. */
    synchronized boolean delete(Tenant tenant, String id) {
        if (definitions.get(tenant, id).isEmpty()) {
            return false;
        }
        definitions.delete(tenant, id);
        return true;
    }
}
