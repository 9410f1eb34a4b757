package io.segexport.gateway;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.v1.DataAccessServiceGrpc;
import io.segexport.v1.DataAccessServiceGrpc.DataAccessServiceStub;
import io.segexport.v1.ErrorDomains;
import io.segexport.v1.GetFileRequest;
import io.segexport.v1.GetFileResponse;
import io.segexport.v1.ReadFileRequest;
import io.segexport.v1.ReadFileResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code GET /data/foundation/export/files/{dataSetFileId}}, the one Data Access path that
 * transcoding cannot serve: without {@code path} it lists the dataset file's files (GetFile, as JSON);
 * with {@code ?path={name}} it answers that file's bytes (ReadFile), streamed from the backend's gRPC
 * stream a chunk at a time, asking the backend for the next chunk only once the HTTP connection has
 * taken the last one, so no file is ever held in memory.
 *
 * <p>Downloads are {@code application/octet-stream} (the bytes as the export wrote them, whatever
 * their format) with {@code Content-Length}, {@code Accept-Ranges: bytes} and
 * {@code Content-Disposition: attachment}. A single {@code Range} ({@code bytes=a-b}, {@code bytes=a-},
 * {@code bytes=-n}) answers 206 with {@code Content-Range}; one beyond the end answers 416 with
 * {@code Content-Range: bytes *}{@code /len}; a malformed or multiple Range is ignored (200, the whole
 * file), as RFC 9110 allows. Errors are problem details (or the gateway's shape for authentication),
 * like every other path.
 */
final class DataAccessFiles implements HttpService {
    static final String PATH = "/data/foundation/export/files/{dataSetFileId}";
    /** The failed records of an ingestion batch, served the same way (ListFailedFiles, ReadFailedFile). */
    static final String FAILED_PATH = "/data/foundation/export/batches/{batchId}/failed";

    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    /** The listing call of a kind of files. */
    private interface Lister {
        void list(DataAccessServiceStub stub, GetFileRequest request, StreamObserver<GetFileResponse> response);
    }

    /** The reading call of a kind of files. */
    private interface Reader {
        void read(DataAccessServiceStub stub, ReadFileRequest request, StreamObserver<ReadFileResponse> response);
    }

    private final DataAccessServiceStub backend;
    private final String idParameter;
    private final Lister lister;
    private final Reader reader;

    private DataAccessFiles(io.grpc.Channel backend, String idParameter, Lister lister, Reader reader) {
        this.backend = DataAccessServiceGrpc.newStub(backend);
        this.idParameter = idParameter;
        this.lister = lister;
        this.reader = reader;
    }

    /** {@link #PATH}: the files of a dataset file (GetFile, ReadFile). */
    static DataAccessFiles dataSetFiles(io.grpc.Channel backend) {
        return new DataAccessFiles(
                backend, "dataSetFileId", DataAccessServiceStub::getFile, DataAccessServiceStub::readFile);
    }

    /** {@link #FAILED_PATH}: the failed-records files of an ingestion batch. */
    static DataAccessFiles failedRecords(io.grpc.Channel backend) {
        return new DataAccessFiles(
                backend, "batchId", DataAccessServiceStub::listFailedFiles, DataAccessServiceStub::readFailedFile);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        String id = ctx.pathParam(idParameter);
        DataAccessServiceStub stub = backend.withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(GrpcForwarder.callMetadata(req.headers())));
        List<String> paths = ctx.queryParams().getAll("path");
        if (paths.size() > 1) {
            return badRequest(ctx, "path must be given once, not " + paths.size() + " times");
        }
        if (paths.isEmpty()) {
            return listFiles(ctx, stub, id);
        }
        String range = req.headers().get(HttpHeaderNames.RANGE);
        return readFile(ctx, stub, id, paths.get(0), range, ByteRange.parse(range));
    }

    /** GetFile as JSON. */
    private HttpResponse listFiles(ServiceRequestContext ctx, DataAccessServiceStub stub, String id) {
        GetFileRequest.Builder request = GetFileRequest.newBuilder().setDataSetFileId(id);
        try {
            String limit = single(ctx, "limit");
            if (limit != null) {
                request.setLimit(integer("limit", limit));
            }
            String start = single(ctx, "start");
            if (start != null) {
                request.setStart(start);
            }
        } catch (IllegalArgumentException e) {
            return badRequest(ctx, e.getMessage());
        }
        if (ctx.requestTimeoutMillis() > 0) {
            stub = stub.withDeadlineAfter(ctx.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
        CompletableFuture<HttpResponse> response = new CompletableFuture<>();
        lister.list(stub, request.build(), new StreamObserver<>() {
            @Override
            public void onNext(GetFileResponse files) {
                response.complete(HttpResponse.of(
                        HttpStatus.OK,
                        MediaType.JSON_UTF_8,
                        ProtoJsonWriter.toJson(files).getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public void onError(Throwable t) {
                response.complete(ErrorResponses.fromGrpc(t, RequestIdDecorator.requestId(ctx))
                        .toHttpResponse());
            }

            @Override
            public void onCompleted() {}
        });
        return HttpResponse.of(response);
    }

    /** ReadFile, streamed: headers once the first chunk says which bytes come, then the chunks. */
    private HttpResponse readFile(
            ServiceRequestContext ctx,
            DataAccessServiceStub stub,
            String id,
            String path,
            String rangeHeader,
            Optional<ByteRange> range) {
        ReadFileRequest.Builder request =
                ReadFileRequest.newBuilder().setDataSetFileId(id).setPath(path);
        range.ifPresent(r -> {
            request.setOffset(r.offset());
            if (r.length() != null) {
                request.setLength(r.length());
            }
        });
        CompletableFuture<HttpResponse> response = new CompletableFuture<>();
        reader.read(stub, request.build(), new ClientResponseObserver<ReadFileRequest, ReadFileResponse>() {
            private ClientCallStreamObserver<ReadFileRequest> call;
            private HttpResponseWriter body;

            @Override
            public void beforeStart(ClientCallStreamObserver<ReadFileRequest> call) {
                this.call = call;
                call.disableAutoRequestWithInitial(1);
                ctx.whenRequestCancelling().thenAccept(cause -> call.cancel("the HTTP request was cancelled", cause));
            }

            @Override
            public void onNext(ReadFileResponse chunk) {
                if (body == null && !start(chunk)) {
                    return;
                }
                if (!chunk.getData().isEmpty()
                        && !body.tryWrite(HttpData.wrap(chunk.getData().toByteArray()))) {
                    call.cancel("the HTTP response was closed", null);
                    return;
                }
                // Back-pressure: the next chunk is asked for once the connection has taken this one.
                body.whenConsumed().thenRun(() -> call.request(1));
            }

            /** Answers the headers of the first chunk, or a 416; false when there is nothing more to send. */
            private boolean start(ReadFileResponse first) {
                long fileLength = first.getFileLength();
                if (range.isPresent() && first.getReadLength() == 0) {
                    response.complete(
                            notSatisfiable(ctx, rangeHeader, path, fileLength).toHttpResponse());
                    call.cancel("the range is not satisfiable", null);
                    return false;
                }
                ResponseHeadersBuilder headers = ResponseHeaders.builder(
                                range.isPresent() ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK)
                        .contentType(MediaType.OCTET_STREAM)
                        .contentLength(first.getReadLength())
                        .set(HttpHeaderNames.ACCEPT_RANGES, "bytes")
                        .set("x-content-type-options", "nosniff");
                // The backend only serves part-NNNNN.json names; checked again, so nothing needs quoting.
                if (SAFE_FILE_NAME.matcher(path).matches()) {
                    headers.set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + path + "\"");
                }
                if (range.isPresent()) {
                    long from = first.getReadOffset();
                    headers.set(
                            HttpHeaderNames.CONTENT_RANGE,
                            "bytes " + from + "-" + (from + first.getReadLength() - 1) + "/" + fileLength);
                }
                // A large file may take longer than a request may; a stalled or gone reader still ends the
                // call (the response is aborted, which cancels the stream).
                ctx.clearRequestTimeout();
                body = HttpResponse.streaming();
                body.write(headers.build());
                body.whenComplete().exceptionally(cause -> {
                    call.cancel("the HTTP response was aborted", cause);
                    return null;
                });
                response.complete(body);
                return true;
            }

            @Override
            public void onError(Throwable t) {
                if (body != null) {
                    body.close(t);
                    return;
                }
                Status status = Status.fromThrowable(t);
                Long fileLength = status.getCode() == Status.Code.OUT_OF_RANGE ? fileLength(t) : null;
                response.complete((fileLength != null && range.isPresent()
                                ? notSatisfiable(ctx, rangeHeader, path, fileLength)
                                : ErrorResponses.fromGrpc(t, RequestIdDecorator.requestId(ctx)))
                        .toHttpResponse());
            }

            @Override
            public void onCompleted() {
                if (body != null) {
                    body.close();
                } else {
                    response.complete(ErrorResponses.problem(
                                    HttpStatus.INTERNAL_SERVER_ERROR,
                                    "internal error",
                                    RequestIdDecorator.requestId(ctx))
                            .toHttpResponse());
                }
            }
        });
        return HttpResponse.of(response);
    }

    private static AggregatedHttpResponse notSatisfiable(
            ServiceRequestContext ctx, String rangeHeader, String path, long fileLength) {
        AggregatedHttpResponse problem = ErrorResponses.problem(
                HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                "Range " + rangeHeader.strip() + " is not satisfiable: " + path + " is " + fileLength + " bytes long",
                RequestIdDecorator.requestId(ctx));
        return AggregatedHttpResponse.of(
                problem.headers().toBuilder()
                        .set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + fileLength)
                        .build(),
                problem.content());
    }

    /** The file's length that an OUT_OF_RANGE carries in its ErrorInfo, or null. */
    private static Long fileLength(Throwable t) {
        com.google.rpc.Status details = StatusProto.fromThrowable(t);
        if (details == null) {
            return null;
        }
        for (Any detail : details.getDetailsList()) {
            try {
                if (detail.is(ErrorInfo.class)) {
                    String length = detail.unpack(ErrorInfo.class).getMetadataOrDefault(ErrorDomains.FILE_LENGTH, null);
                    if (length != null) {
                        return Long.parseLong(length);
                    }
                }
            } catch (InvalidProtocolBufferException | NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String single(ServiceRequestContext ctx, String name) {
        List<String> values = ctx.queryParams().getAll(name);
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " must be given once, not " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static int integer(String name, String value) {
        try {
            // Integer.parseInt takes any script's digits ("١" is 1): a parameter must be ASCII.
            if (!value.matches("-?[0-9]{1,10}")) {
                throw new NumberFormatException(value);
            }
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
            throw new IllegalArgumentException(
                    "query parameter " + name + " must be an integer, not \"" + shown + "\"");
        }
    }

    static HttpResponse badRequest(ServiceRequestContext ctx, String detail) {
        return ErrorResponses.problem(HttpStatus.BAD_REQUEST, detail, RequestIdDecorator.requestId(ctx))
                .toHttpResponse();
    }
}
