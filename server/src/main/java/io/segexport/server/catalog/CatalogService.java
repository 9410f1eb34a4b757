package io.segexport.server.catalog;

import io.grpc.stub.StreamObserver;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.PageSize;
import io.segexport.server.validation.ResourceIds;
import io.segexport.v1.Batch;
import io.segexport.v1.CatalogServiceGrpc;
import io.segexport.v1.CreateDataSetRequest;
import io.segexport.v1.CreateDataSetResponse;
import io.segexport.v1.DataSet;
import io.segexport.v1.DeleteBatchRequest;
import io.segexport.v1.DeleteBatchResponse;
import io.segexport.v1.GetBatchRequest;
import io.segexport.v1.GetBatchResponse;
import io.segexport.v1.GetDataSetRequest;
import io.segexport.v1.GetDataSetResponse;
import io.segexport.v1.ListDataSetsRequest;
import io.segexport.v1.ListDataSetsResponse;
import io.segexport.v1.UpdateDataSetRequest;
import io.segexport.v1.UpdateDataSetResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/** Datasets and batches at the platform's Catalog paths, scoped to the caller's tenant. */
public final class CatalogService extends CatalogServiceGrpc.CatalogServiceImplBase {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Records<DataSet> dataSets;
    private final Records<Batch> batches;
    private final BatchDeletion deletion;
    private final Clock clock;

    public CatalogService(Records<DataSet> dataSets, Records<Batch> batches, BatchDeletion deletion, Clock clock) {
        this.dataSets = dataSets;
        this.batches = batches;
        this.deletion = deletion;
        this.clock = clock;
    }

    @Override
    public void createDataSet(CreateDataSetRequest request, StreamObserver<CreateDataSetResponse> response) {
        Unary.respond(response, () -> {
            DataSet input = DataSetValidator.validate(request.getDataSet());
            long now = clock.millis();
            String id = newDataSetId();
            dataSets.put(
                    tenant(),
                    id,
                    input.toBuilder()
                            .setId(id)
                            .setImsOrg(tenant().orgId())
                            .setCreated(now)
                            .setUpdated(now)
                            .build());
            CallContext.addResponseHeader("x-location", "/data/foundation/catalog/dataSets/" + id);
            return CreateDataSetResponse.newBuilder()
                    .addRefs("@/dataSets/" + id)
                    .build();
        });
    }

    @Override
    public void getDataSet(GetDataSetRequest request, StreamObserver<GetDataSetResponse> response) {
        Unary.respond(response, () -> {
            String id = ResourceIds.check("id", request.getId());
            DataSet dataSet = dataSets.get(tenant(), id)
                    .orElseThrow(() -> ServiceErrors.notFound("dataset " + id + " does not exist"));
            return GetDataSetResponse.newBuilder()
                    .putDataSets(id, asRead(dataSet))
                    .build();
        });
    }

    @Override
    public void listDataSets(ListDataSetsRequest request, StreamObserver<ListDataSetsResponse> response) {
        Unary.respond(response, () -> {
            int limit = PageSize.of(request.hasLimit(), request.getLimit());
            String start = request.getStart().isEmpty() ? "" : ResourceIds.check("start", request.getStart());
            ListDataSetsResponse.Builder page = ListDataSetsResponse.newBuilder();
            dataSets.list(tenant(), start, limit)
                    .items()
                    .forEach(dataSet -> page.putDataSets(dataSet.getId(), asRead(dataSet)));
            return page.build();
        });
    }

    @Override
    public void updateDataSet(UpdateDataSetRequest request, StreamObserver<UpdateDataSetResponse> response) {
        Unary.respond(response, () -> {
            String id = ResourceIds.check("id", request.getId());
            DataSet dataSet = dataSets.get(tenant(), id)
                    .orElseThrow(() -> ServiceErrors.notFound("dataset " + id + " does not exist"));
            DataSet patched = DataSetPatch.apply(dataSet, request.getOperationsList());
            dataSets.put(
                    tenant(), id, patched.toBuilder().setUpdated(clock.millis()).build());
            return UpdateDataSetResponse.newBuilder()
                    .addRefs("@/dataSets/" + id)
                    .build();
        });
    }

    @Override
    public void getBatch(GetBatchRequest request, StreamObserver<GetBatchResponse> response) {
        Unary.respond(response, () -> {
            String id = ResourceIds.check("id", request.getId());
            Batch batch = batches.get(tenant(), id)
                    .orElseThrow(() -> ServiceErrors.notFound("batch " + id + " does not exist"));
            return GetBatchResponse.newBuilder().putBatches(id, batch).build();
        });
    }

    @Override
    public void deleteBatch(DeleteBatchRequest request, StreamObserver<DeleteBatchResponse> response) {
        Unary.respond(response, () -> {
            String id = ResourceIds.check("id", request.getId());
            deletion.delete(tenant(), id);
            // The platform's Catalog answers its deletes 200 with the reference, not 204.
            CallContext.addResponseHeader("x-segexport-status", "200");
            return DeleteBatchResponse.newBuilder().addRefs("@/batches/" + id).build();
        });
    }

    /**
     * The dataset as a read answers it: its tags set, so that they are written ({}) even when it has
     * none or was stored before tags, and its classification, which follows from its schema.
     */
    private static DataSet asRead(DataSet dataSet) {
        return dataSet.toBuilder()
                .setTags(dataSet.getTags())
                .setClassification(DataSetSchemas.classification(dataSet))
                .build();
    }

    /** 24 hexadecimal digits, the platform's shape of dataset ids. */
    private static String newDataSetId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Tenant tenant() {
        return CallContext.caller().tenant();
    }
}
