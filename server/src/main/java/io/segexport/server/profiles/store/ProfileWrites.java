package io.segexport.server.profiles.store;

import io.segexport.server.store.Tenant;
import java.util.List;

/**
 * Where ingestion sends checked records: the embedded {@link ProfileStore}, which has them merged
 * when the call returns, or in cluster mode the ingest topic, which has them when the call returns
 * and merges them in their partitions right after. Either way a record is kept once the call returns.
 */
public interface ProfileWrites {
    void ingestProfiles(Tenant tenant, List<ProfileRecord> records, long ingestTime);

    void ingestEvents(Tenant tenant, List<EventRecord> records, long ingestTime);
}
