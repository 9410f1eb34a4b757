package io.segexport.gateway;

import com.google.protobuf.UnsafeByteOperations;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.segexport.v1.BatchIngestionServiceGrpc;
import io.segexport.v1.ContentRange;
import io.segexport.v1.UploadFileRequest;
import io.segexport.v1.UploadFileResponse;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code PUT} (a whole file) and {@code PATCH} (a part of a large file, with {@code Content-Range})
 * of an ingestion batch's file: the body is streamed into the backend's UploadFile call one chunk at
 * a time, the next chunk read from the connection only once the call can take it, so no file is held
 * in memory. Answers 200 with no body, as the platform does; errors are problem details, like every
 * other path, 413 naming {@code Content-Length} or {@code Content-Range} beyond the file-size limit.
 */
final class BatchFileUploads implements HttpService {
    static final String PATH = "/data/foundation/import/batches/{batchId}/datasets/{datasetId}/files/{fileName}";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes ([0-9]{1,18})-([0-9]{1,18})/([0-9]{1,18})");

    private final io.grpc.Channel backend;
    private final long maxFileBytes;

    BatchFileUploads(io.grpc.Channel backend, long maxFileBytes) {
        this.backend = backend;
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        UploadFileRequest.Builder first = UploadFileRequest.newBuilder()
                .setBatchId(ctx.pathParam("batchId"))
                .setDatasetId(ctx.pathParam("datasetId"))
                .setFileName(ctx.pathParam("fileName"));
        long declared = req.headers().contentLength();
        if (req.method() == HttpMethod.PATCH) {
            String header = req.headers().get(HttpHeaderNames.CONTENT_RANGE);
            Matcher range = header == null ? null : CONTENT_RANGE.matcher(header.strip());
            if (range == null || !range.matches()) {
                return DataAccessFiles.badRequest(
                        ctx,
                        "Content-Range must be bytes first-last/total for a part of a large file"
                                + (header == null ? "; it is missing" : ", not \"" + shorten(header) + "\""));
            }
            ContentRange parsed = ContentRange.newBuilder()
                    .setFirst(Long.parseLong(range.group(1)))
                    .setLast(Long.parseLong(range.group(2)))
                    .setTotal(Long.parseLong(range.group(3)))
                    .build();
            if (parsed.getTotal() > maxFileBytes) {
                return tooLarge(ctx, "Content-Range declares a file of " + parsed.getTotal() + " bytes");
            }
            if (parsed.getLast() < parsed.getFirst() || parsed.getLast() >= parsed.getTotal()) {
                return DataAccessFiles.badRequest(
                        ctx, "Content-Range must have first <= last < total, not \"" + shorten(header) + "\"");
            }
            if (declared >= 0 && declared != parsed.getLast() - parsed.getFirst() + 1) {
                return DataAccessFiles.badRequest(
                        ctx,
                        "Content-Range covers " + (parsed.getLast() - parsed.getFirst() + 1)
                                + " bytes but Content-Length is " + declared);
            }
            first.setRange(parsed);
        } else if (declared > maxFileBytes) {
            return tooLarge(ctx, "Content-Length declares " + declared + " bytes");
        }
        // A large file takes longer than a request may; a stalled client still ends the call (idle timeout).
        ctx.clearRequestTimeout();
        CompletableFuture<HttpResponse> response = new CompletableFuture<>();
        Upload upload = new Upload(ctx, first, response);
        BatchIngestionServiceGrpc.newStub(backend)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(GrpcForwarder.callMetadata(req.headers())))
                .uploadFile(upload);
        // Only once the call has started: the body's first chunk may come at once.
        req.subscribe(upload.new Body(), ctx.eventLoop());
        return HttpResponse.of(response);
    }

    private HttpResponse tooLarge(ServiceRequestContext ctx, String what) {
        return ErrorResponses.problem(
                        HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                        what + ", more than the " + maxFileBytes + " bytes a file may have (the file-mebibytes limit)",
                        RequestIdDecorator.requestId(ctx))
                .toHttpResponse();
    }

    private static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }

    /** Moves the body's chunks into the call, one at a time, as the call becomes ready; answers its outcome. */
    private static final class Upload implements ClientResponseObserver<UploadFileRequest, UploadFileResponse> {
        private final ServiceRequestContext ctx;
        private final CompletableFuture<HttpResponse> response;
        private UploadFileRequest.Builder next;
        private ClientCallStreamObserver<UploadFileRequest> call;
        private Subscription body;
        private boolean waiting;

        Upload(ServiceRequestContext ctx, UploadFileRequest.Builder first, CompletableFuture<HttpResponse> response) {
            this.ctx = ctx;
            this.next = first;
            this.response = response;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<UploadFileRequest> call) {
            this.call = call;
            call.setOnReadyHandler(() -> ctx.eventLoop().execute(this::requestWhenReady));
        }

        /** On the event loop: asks the connection for the next chunk once the call can take one. */
        private void requestWhenReady() {
            if (body != null && waiting && call.isReady()) {
                waiting = false;
                body.request(1);
            }
        }

        /** The first message carries the names; the others only bytes. */
        private UploadFileRequest.Builder message() {
            UploadFileRequest.Builder message = next;
            next = UploadFileRequest.newBuilder();
            return message;
        }

        @Override
        public void onNext(UploadFileResponse stored) {
            // An empty JSON object, not an empty body: aepp's uploadLargeFilePart parses the answer as JSON.
            response.complete(HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, "{}"));
        }

        @Override
        public void onError(Throwable t) {
            response.complete(ErrorResponses.fromGrpc(t, RequestIdDecorator.requestId(ctx))
                    .toHttpResponse());
            if (body != null) {
                body.cancel();
            }
        }

        @Override
        public void onCompleted() {}

        /** The request body, read a chunk at a time. */
        final class Body implements Subscriber<HttpObject> {
            @Override
            public void onSubscribe(Subscription subscription) {
                body = subscription;
                waiting = true;
                requestWhenReady();
            }

            @Override
            public void onNext(HttpObject object) {
                if (object instanceof HttpData data && !data.isEmpty()) {
                    call.onNext(message()
                            .setData(UnsafeByteOperations.unsafeWrap(data.array()))
                            .build());
                }
                waiting = true;
                requestWhenReady();
            }

            @Override
            public void onError(Throwable t) {
                call.cancel("the HTTP request failed", t);
                boolean tooLarge = t instanceof ContentTooLargeException;
                response.complete(ErrorResponses.problem(
                                tooLarge ? HttpStatus.REQUEST_ENTITY_TOO_LARGE : HttpStatus.BAD_REQUEST,
                                tooLarge
                                        ? "the body is larger than a file may be (the file-mebibytes limit)"
                                        : "the upload's body could not be read: " + t.getMessage(),
                                RequestIdDecorator.requestId(ctx))
                        .toHttpResponse());
            }

            @Override
            public void onComplete() {
                if (next.hasRange() || !next.getBatchId().isEmpty()) {
                    call.onNext(message().build());
                }
                call.onCompleted();
            }
        }
    }
}
