package io.segexport.server.ingest.batches;

import io.grpc.stub.StreamObserver;
import io.segexport.server.ingest.stored.IngestBatchState;
import io.segexport.server.limits.Limits;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.ResourceIds;
import io.segexport.server.validation.Texts;
import io.segexport.v1.ActOnBatchRequest;
import io.segexport.v1.ActOnBatchResponse;
import io.segexport.v1.ActOnFileRequest;
import io.segexport.v1.ActOnFileResponse;
import io.segexport.v1.Batch;
import io.segexport.v1.BatchIngestionServiceGrpc;
import io.segexport.v1.CreateBatchRequest;
import io.segexport.v1.DataSet;
import io.segexport.v1.InputFormat;
import io.segexport.v1.RelatedObject;
import io.segexport.v1.UploadFileRequest;
import io.segexport.v1.UploadFileResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** The Batch Ingestion API: batches, their files, and the actions that end them. */
public final class BatchIngestionService extends BatchIngestionServiceGrpc.BatchIngestionServiceImplBase {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IngestBatches batches;
    private final Records<DataSet> dataSets;
    private final BatchFileStore files;
    private final BatchProcessor processor;

    BatchIngestionService(
            IngestBatches batches, Records<DataSet> dataSets, BatchFileStore files, BatchProcessor processor) {
        this.batches = batches;
        this.dataSets = dataSets;
        this.files = files;
        this.processor = processor;
    }

    @Override
    public void createBatch(CreateBatchRequest request, StreamObserver<Batch> response) {
        Unary.respond(response, () -> {
            String datasetId = ResourceIds.check("datasetId", request.getDatasetId());
            String format = request.getInputFormat().getFormat();
            if (format.isEmpty()) {
                throw ServiceErrors.invalidArgument("inputFormat.format", "is required (\"json\")");
            }
            if (!format.toLowerCase(Locale.ROOT).equals("json")) {
                throw ServiceErrors.invalidArgument(
                        "inputFormat.format",
                        "must be \"json\", the only format read so far, not \"" + Texts.shorten(format) + "\"");
            }
            int share = request.getPartialIngestionPercentage();
            if (share < 0 || share > 100) {
                throw ServiceErrors.invalidArgument(
                        "partialIngestionPercentage", "must be from 0 to 100, not " + share);
            }
            Tenant tenant = tenant();
            if (dataSets.get(tenant, datasetId).isEmpty()) {
                throw ServiceErrors.invalidArgument(
                        "datasetId", "names no dataset of this org and sandbox: " + datasetId);
            }
            Batch batch = newBatch(tenant, datasetId, request.getInputFormat().getIsMultiLineJson(), share);
            CallContext.addResponseHeader("x-segexport-status", "201");
            return batch;
        });
    }

    @Override
    public void actOnBatch(ActOnBatchRequest request, StreamObserver<ActOnBatchResponse> response) {
        Unary.respond(response, () -> {
            String batchId = ResourceIds.check("batchId", request.getBatchId());
            String action = request.getAction();
            Tenant tenant = tenant();
            switch (action) {
                case "COMPLETE" -> {
                    batches.locked(tenant, batchId, () -> complete(tenant, batchId));
                }
                case "ABORT" -> processor.removeFiles(batches.locked(tenant, batchId, () -> abort(tenant, batchId)));
                case "REVERT" -> processor.revert(tenant, batchId);
                default ->
                    throw ServiceErrors.invalidArgument(
                            "action",
                            action.isEmpty()
                                    ? "is required (COMPLETE, ABORT or REVERT)"
                                    : "must be COMPLETE, ABORT or REVERT, not \"" + Texts.shorten(action) + "\"");
            }
            return ActOnBatchResponse.getDefaultInstance();
        });
    }

    @Override
    public void actOnFile(ActOnFileRequest request, StreamObserver<ActOnFileResponse> response) {
        Unary.respond(response, () -> {
            String batchId = ResourceIds.check("batchId", request.getBatchId());
            String name = FileNames.check("fileName", request.getFileName());
            Tenant tenant = tenant();
            switch (request.getAction()) {
                case "INITIALIZE" -> files.initialize(tenant, batchId, request.getDatasetId(), name);
                case "COMPLETE" -> files.complete(tenant, batchId, request.getDatasetId(), name);
                default ->
                    throw ServiceErrors.invalidArgument(
                            "action",
                            request.getAction().isEmpty()
                                    ? "is required (INITIALIZE or COMPLETE)"
                                    : "must be INITIALIZE or COMPLETE, not \"" + Texts.shorten(request.getAction())
                                            + "\"");
            }
            return ActOnFileResponse.getDefaultInstance();
        });
    }

    @Override
    public StreamObserver<UploadFileRequest> uploadFile(StreamObserver<UploadFileResponse> response) {
        return new FileUpload(files, response, Limits.current().fileBytes());
    }

    /**
     * A batch of one file of JSON Lines, completed at once: how streamed messages to a dataset that
     * keeps files only become its batch. Answers the batch's id.
     */
    String submit(Tenant tenant, String datasetId, String fileName, byte[] content) {
        String batchId = newBatch(tenant, datasetId, false, 0).getId();
        files.store(tenant, batchId, fileName, content);
        batches.locked(tenant, batchId, () -> complete(tenant, batchId));
        return batchId;
    }

    /** Stores a new loading batch of the dataset, with its state. */
    private Batch newBatch(Tenant tenant, String datasetId, boolean multiLine, int share) {
        String id = newBatchId();
        long now = batches.now();
        Batch batch = Batch.newBuilder()
                .setId(id)
                .setImsOrg(tenant.orgId())
                .setStatus("loading")
                .setCreated(now)
                .setUpdated(now)
                .addRelatedObjects(RelatedObject.newBuilder().setType("dataSet").setId(datasetId))
                .setInputFormat(InputFormat.newBuilder().setFormat("json").setIsMultiLineJson(multiLine))
                .setPartialIngestionPercentage(share)
                .setVersion("1.0.0")
                .build();
        return batches.locked(tenant, id, () -> {
            batches.putState(IngestBatches.newState(tenant, id)
                    .setDatasetId(datasetId)
                    .setMultiLine(multiLine)
                    .setPartialIngestionPercentage(share)
                    .build());
            batches.put(tenant, batch);
            return batch;
        });
    }

    /** Under the batch's lock: loading → processing, with the ingest time fixed for every record. */
    private Void complete(Tenant tenant, String batchId) {
        IngestBatchState state = batches.loading(tenant, batchId);
        if (state.getLargeUploadsCount() > 0) {
            throw ServiceErrors.failedPrecondition("batch " + batchId + " has large files not completed yet: "
                    + state.getLargeUploads(0).getName() + "; complete them (?action=COMPLETE) first");
        }
        long now = batches.now();
        IngestBatchState processing = state.toBuilder().setIngestTime(now).build();
        batches.putState(processing);
        batches.change(
                tenant,
                batchId,
                batch -> batch.setStatus("processing").setStarted(now).setUpdated(now));
        processor.enqueue(processing);
        return null;
    }

    /** Under the batch's lock: a loading batch is aborted and loses its state; its files go once that is done. */
    private IngestBatchState abort(Tenant tenant, String batchId) {
        IngestBatchState state = batches.loading(tenant, batchId);
        long now = batches.now();
        batches.change(
                tenant,
                batchId,
                batch -> batch.setStatus("aborted").setUpdated(now).setCompleted(now));
        batches.deleteState(state);
        return state;
    }

    /** 32 hexadecimal digits, the platform's shape of batch ids. */
    private static String newBatchId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Tenant tenant() {
        return CallContext.caller().tenant();
    }
}
