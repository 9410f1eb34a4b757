package io.segexport.server.dataaccess;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.segexport.server.batchstore.BatchFile;
import io.segexport.server.batchstore.BatchStore;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.Records;
import io.segexport.server.store.Tenant;
import io.segexport.server.validation.PageSize;
import io.segexport.server.validation.ResourceIds;
import io.segexport.v1.Batch;
import io.segexport.v1.DataAccessServiceGrpc;
import io.segexport.v1.DataSetFile;
import io.segexport.v1.ErrorDomains;
import io.segexport.v1.FileEntry;
import io.segexport.v1.GetFileRequest;
import io.segexport.v1.GetFileResponse;
import io.segexport.v1.Href;
import io.segexport.v1.Links;
import io.segexport.v1.ListBatchFilesRequest;
import io.segexport.v1.ListBatchFilesResponse;
import io.segexport.v1.ListPage;
import io.segexport.v1.ReadFileRequest;
import io.segexport.v1.ReadFileResponse;
import io.segexport.v1.RelatedObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Data Access API over exported batches: a batch's dataset file (one per batch, with the batch's
 * id), its part files, and their bytes. A batch exists for the caller only when its record is in the
 * caller's tenant with status "success"; otherwise every call answers NOT_FOUND, whatever lies on
 * disk, so ids reveal nothing about other tenants.
 */
public final class DataAccessService extends DataAccessServiceGrpc.DataAccessServiceImplBase {
    /** The version of the dataset file format the platform reports. */
    static final String FILE_VERSION = "1.0.0";

    static final String FILES_PATH = "/data/foundation/export/files/";
    private static final Logger logger = LoggerFactory.getLogger(DataAccessService.class);

    static final String BATCHES_PATH = "/data/foundation/export/batches/";

    private final Records<Batch> batches;
    private final BatchFiles parts;
    private final BatchFiles failed;

    public DataAccessService(Records<Batch> batches, BatchStore store) {
        this.batches = batches;
        this.parts = BatchFiles.parts(store);
        this.failed = BatchFiles.failed(store);
    }

    @Override
    public void listBatchFiles(ListBatchFilesRequest request, StreamObserver<ListBatchFilesResponse> response) {
        Unary.respond(response, () -> {
            String batchId = ResourceIds.check("batchId", request.getBatchId());
            int limit = PageSize.of(request.hasLimit(), request.getLimit());
            Batch batch = committedBatch(batchId, "batch " + batchId + " does not exist");
            DataSetFile file = DataSetFile.newBuilder()
                    .setDataSetFileId(batchId)
                    .setDataSetViewId(dataSetId(batch))
                    .setVersion(FILE_VERSION)
                    .setCreated(batch.getCreated())
                    .setUpdated(batch.getUpdated())
                    .setIsValid(true)
                    .setLinks(self(FILES_PATH + batchId))
                    .build();
            return ListBatchFilesResponse.newBuilder()
                    .addData(file)
                    .setPage(ListPage.newBuilder().setLimit(limit).setCount(1))
                    .build();
        });
    }

    @Override
    public void getFile(GetFileRequest request, StreamObserver<GetFileResponse> response) {
        Unary.respond(response, () -> listFiles(request, parts, this::committedBatch, id -> FILES_PATH + id));
    }

    @Override
    public void listFailedFiles(GetFileRequest request, StreamObserver<GetFileResponse> response) {
        Unary.respond(
                response, () -> listFiles(request, failed, this::processedBatch, id -> BATCHES_PATH + id + "/failed"));
    }

    /** A page of the files of one kind of a batch the caller may read; {@code href} is where they are read. */
    private GetFileResponse listFiles(
            GetFileRequest request, BatchFiles files, BatchCheck check, java.util.function.UnaryOperator<String> href) {
        String id = ResourceIds.check("dataSetFileId", request.getDataSetFileId());
        int limit = PageSize.of(request.hasLimit(), request.getLimit());
        String start = request.getStart();
        if (!start.isEmpty() && !files.named(start)) {
            throw ServiceErrors.invalidArgument(
                    "start", "must be the name of a file of the dataset file, " + files.form());
        }
        check.batch(id, "dataset file " + id + " does not exist");
        GetFileResponse.Builder page = GetFileResponse.newBuilder();
        files.list(id).stream()
                .filter(part -> part.name().compareTo(start) > 0)
                .limit(limit)
                .forEach(part -> page.addData(FileEntry.newBuilder()
                        .setName(part.name())
                        .setLength(Long.toString(part.length()))
                        .setLinks(self(href.apply(id) + "?path=" + part.name()))));
        return page.setPage(ListPage.newBuilder().setLimit(limit).setCount(page.getDataCount()))
                .build();
    }

    @Override
    public void readFile(ReadFileRequest request, StreamObserver<ReadFileResponse> response) {
        read(request, response, parts, this::committedBatch);
    }

    @Override
    public void readFailedFile(ReadFileRequest request, StreamObserver<ReadFileResponse> response) {
        read(request, response, failed, this::processedBatch);
    }

    private void read(
            ReadFileRequest request, StreamObserver<ReadFileResponse> response, BatchFiles files, BatchCheck check) {
        FileStream stream;
        try {
            stream = open(request, files, check);
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        } catch (RuntimeException e) {
            logger.error("Request {} failed", CallContext.requestId(), e);
            response.onError(ServiceErrors.internal());
            return;
        }
        var call = (ServerCallStreamObserver<ReadFileResponse>) response;
        call.setOnCancelHandler(stream::close);
        call.setOnReadyHandler(() -> stream.pump(call));
    }

    /** Checks the request and the caller's right to the file, opens it, and settles the range. */
    private FileStream open(ReadFileRequest request, BatchFiles files, BatchCheck check) {
        String id = ResourceIds.check("dataSetFileId", request.getDataSetFileId());
        String path = request.getPath();
        files.check(path);
        if (request.hasLength() && request.getLength() < 0) {
            throw ServiceErrors.invalidArgument("length", "must not be negative, not " + request.getLength());
        }
        check.batch(id, "dataset file " + id + " does not exist");
        BatchFile file = files.open(id, path);
        try {
            long size = file.size();
            long offset = request.getOffset();
            if (offset > size) {
                throw ServiceErrors.outOfRange(
                        "offset",
                        offset + " is beyond the end of " + path + " (" + size + " bytes)",
                        Map.of(ErrorDomains.FILE_LENGTH, Long.toString(size)));
            }
            long start = offset >= 0 ? offset : Math.max(0, size + offset);
            long end = request.hasLength() ? start + Math.min(request.getLength(), size - start) : size;
            return new FileStream(file, CallContext.requestId(), size, start, end);
        } catch (IOException e) {
            closeQuietly(file);
            throw new UncheckedIOException("could not read the size of " + path + " of batch " + id, e);
        } catch (RuntimeException e) {
            closeQuietly(file);
            throw e;
        }
    }

    /** Which batches the caller may read files of: a NOT_FOUND saying {@code notFound} for any other. */
    private interface BatchCheck {
        Batch batch(String id, String notFound);
    }

    /** A batch whose files are in place: an export job's, or an ingestion batch that succeeded. */
    private Batch committedBatch(String id, String notFound) {
        return batches.get(tenant(), id)
                .filter(batch -> batch.getStatus().equals("success"))
                .orElseThrow(() -> ServiceErrors.notFound(notFound));
    }

    /** An ingestion batch that has been processed, successfully or not: its failed records are in place. */
    private Batch processedBatch(String id, String notFound) {
        return batches.get(tenant(), id)
                .filter(Batch::hasInputFormat)
                .filter(batch ->
                        batch.getStatus().equals("success") || batch.getStatus().equals("failed"))
                .orElseThrow(() -> ServiceErrors.notFound(notFound));
    }

    private static String dataSetId(Batch batch) {
        List<RelatedObject> related = batch.getRelatedObjectsList();
        return related.stream()
                .filter(object -> object.getType().equals("dataSet"))
                .map(RelatedObject::getId)
                .findFirst()
                .orElse("");
    }

    private static Links self(String href) {
        return Links.newBuilder().setSelf(Href.newBuilder().setHref(href)).build();
    }

    private static Tenant tenant() {
        return CallContext.caller().tenant();
    }

    static void closeQuietly(BatchFile file) {
        try {
            file.close();
        } catch (IOException e) {
            logger.debug("could not close a file", e);
        }
    }
}
