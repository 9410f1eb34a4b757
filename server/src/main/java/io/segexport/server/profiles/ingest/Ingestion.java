package io.segexport.server.profiles.ingest;

import io.grpc.StatusRuntimeException;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.metrics.IngestMeter;
import io.segexport.server.profiles.store.ProfileWrites;
import io.segexport.server.profiles.stored.IngestRequestView;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.Ids;
import io.segexport.v1.DataSet;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.IngestResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ingests one chunk of records (a request, or one message of a stream): reads each record, rejecting
 * the bad ones one by one, checks the request, and stores the good ones in one write, stamped with
 * the time of its clock.
 */
public final class Ingestion {
    private final ProfileWrites store;
    private final Records<DataSet> dataSets;
    private final Clock clock;
    private final IngestMeter meter;

    /** Ingestion that counts its records on {@code meter}, by path ({@code profiles}, {@code events}). */
    public Ingestion(ProfileWrites store, Records<DataSet> dataSets, Clock clock, IngestMeter meter) {
        this.store = store;
        this.dataSets = dataSets;
        this.clock = clock;
        this.meter = meter;
    }

    /** Ingestion that is not the API's (the demo's seeding, tests of the store): counted nowhere. */
    public Ingestion(ProfileWrites store, Records<DataSet> dataSets, Clock clock) {
        this(store, dataSets, clock, IngestMeter.NONE);
    }

    /** Ingests the profile records of a unary request. */
    public IngestResponse profiles(Tenant tenant, IngestRequest request) {
        IngestTotals totals = new IngestTotals();
        profiles(tenant, encoded(request), 0, totals, true);
        return totals.toResponse();
    }

    /** Ingests ExperienceEvents of a unary request. */
    public IngestResponse events(Tenant tenant, IngestRequest request) {
        IngestTotals totals = new IngestTotals();
        events(tenant, encoded(request), 0, totals, true);
        return totals.toResponse();
    }

    /** Ingests profile records of a stream's message; {@code offset} is the index of its first record in the call. */
    void profiles(Tenant tenant, IngestRequestView request, long offset, IngestTotals totals) {
        profiles(tenant, request, offset, totals, false);
    }

    /** Ingests ExperienceEvents of a stream's message; {@code offset} is the index of its first record in the call. */
    void events(Tenant tenant, IngestRequestView request, long offset, IngestTotals totals) {
        events(tenant, request, offset, totals, false);
    }

    private void profiles(Tenant tenant, IngestRequestView request, long offset, IngestTotals totals, boolean parsed) {
        long now = clock.millis();
        ingest(
                "profiles",
                tenant,
                request,
                offset,
                totals,
                parsed,
                (datasetId, path, record) -> RecordReader.profile(datasetId, path, record, now),
                records -> store.ingestProfiles(tenant, records, now));
    }

    private void events(Tenant tenant, IngestRequestView request, long offset, IngestTotals totals, boolean parsed) {
        long now = clock.millis();
        ingest(
                "events",
                tenant,
                request,
                offset,
                totals,
                parsed,
                RecordReader::event,
                records -> store.ingestEvents(tenant, records, now));
    }

    /** A unary request as a stream's message is read: its records encoded (as protobuf writes them). */
    private static IngestRequestView encoded(IngestRequest request) {
        IngestRequestView.Builder encoded = IngestRequestView.newBuilder().setDatasetId(request.getDatasetId());
        request.getRecordsList().forEach(record -> encoded.addRecords(record.toByteString()));
        return encoded.build();
    }

    private interface Reader<R> {
        R read(String datasetId, String path, EncodedRecord record);
    }

    /**
     * Reads every record before checking the request, as a streamed record whose bytes are no valid
     * Struct ({@link MalformedRecord}) makes the whole message invalid, which comes before any other error.
     */
    private <R> void ingest(
            String kind,
            Tenant tenant,
            IngestRequestView request,
            long offset,
            IngestTotals totals,
            boolean parsed,
            Reader<R> reader,
            Consumer<List<R>> write) {
        List<R> good = new ArrayList<>(request.getRecordsCount());
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < request.getRecordsCount(); i++) {
            long index = offset + i;
            try {
                String path = "records[" + index + "]";
                good.add(reader.read(
                        request.getDatasetId(), path, EncodedRecord.read(path, request.getRecords(i), parsed)));
            } catch (StatusRuntimeException e) {
                rejections.add(new Rejection(index, e.getStatus().getDescription()));
            }
        }
        String datasetId = Ids.checkSafe("datasetId", request.getDatasetId());
        if (dataSets.get(tenant, datasetId).isEmpty()) {
            throw ServiceErrors.invalidArgument("datasetId", "names no dataset of this org and sandbox: " + datasetId);
        }
        int maxRecords = Limits.current().ingestRecords();
        if (request.getRecordsCount() > maxRecords) {
            throw ServiceErrors.invalidArgument(
                    "records",
                    "holds more than " + maxRecords + " records (the " + Limit.INGEST_RECORDS.flagName()
                            + " limit); send them in several requests, or stream them over gRPC");
        }
        rejections.forEach(rejection -> totals.rejected(rejection.index(), rejection.message()));
        if (!good.isEmpty()) {
            write.accept(good);
        }
        totals.accepted(good.size());
        meter.counted(kind, good.size(), rejections.size());
    }

    private record Rejection(long index, String message) {}
}
