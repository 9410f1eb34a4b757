package io.segexport.server.profiles;

import com.google.protobuf.Struct;
import io.grpc.StatusRuntimeException;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Tenant;
import io.segexport.server.store.TenantRecords;
import io.segexport.v1.DataSet;
import io.segexport.server.validation.Ids;
import io.segexport.v1.IngestRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ingests one chunk of records (a request, or one message of a stream): checks the request, reads
 * each record, rejecting the bad ones one by one, and stores the good ones in one write.
 */
final class Ingestion {
    private final ProfileStore store;
    private final TenantRecords<DataSet> dataSets;
    private final Clock clock;

    Ingestion(ProfileStore store, TenantRecords<DataSet> dataSets, Clock clock) {
        this.store = store;
        this.dataSets = dataSets;
        this.clock = clock;
    }

    /** Ingests profile records; {@code offset} is the index of the chunk's first record in the call. */
    void profiles(Tenant tenant, IngestRequest request, long offset, IngestTotals totals) {
        long now = clock.millis();
        ingest(tenant, request, offset, totals,
                (datasetId, path, record) -> RecordReader.profile(datasetId, path, record, now),
                records -> store.ingestProfiles(tenant, records, now));
    }

    /** Ingests ExperienceEvents; {@code offset} is the index of the chunk's first record in the call. */
    void events(Tenant tenant, IngestRequest request, long offset, IngestTotals totals) {
        long now = clock.millis();
        ingest(tenant, request, offset, totals, RecordReader::event, records -> store.ingestEvents(tenant, records, now));
    }

    private interface Reader<R> {
        R read(String datasetId, String path, Struct record);
    }

    private <R> void ingest(Tenant tenant, IngestRequest request, long offset, IngestTotals totals, Reader<R> reader,
                            Consumer<List<R>> write) {
        String datasetId = Ids.checkSafe("datasetId", request.getDatasetId());
        if (dataSets.get(tenant, datasetId).isEmpty()) {
            throw ServiceErrors.invalidArgument("datasetId", "names no dataset of this org and sandbox: " + datasetId);
        }
        int maxRecords = Limits.current().ingestRecords();
        if (request.getRecordsCount() > maxRecords) {
            throw ServiceErrors.invalidArgument("records", "holds more than " + maxRecords + " records (the "
                    + Limit.INGEST_RECORDS.flagName() + " limit); send them in several requests, or stream them over gRPC");
        }
        List<R> good = new ArrayList<>(request.getRecordsCount());
        for (int i = 0; i < request.getRecordsCount(); i++) {
            long index = offset + i;
            try {
                good.add(reader.read(datasetId, "records[" + index + "]", request.getRecords(i)));
            } catch (StatusRuntimeException e) {
                totals.rejected(index, e.getStatus().getDescription());
            }
        }
        if (!good.isEmpty()) {
            write.accept(good);
        }
        totals.accepted(good.size());
    }
}
