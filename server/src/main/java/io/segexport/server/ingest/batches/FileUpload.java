package io.segexport.server.ingest.batches;

import io.grpc.stub.StreamObserver;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.rpc.Unary;
import io.segexport.server.store.Tenant;
import io.segexport.v1.UploadFileRequest;
import io.segexport.v1.UploadFileResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * The server side of one UploadFile call: the first message says which file (and, for a part of a
 * large file, which bytes); each message's bytes are written as they arrive, so no file is ever held
 * in memory. A whole file goes to a hidden temporary file, put in place only when the stream ends
 * normally; a part is written in place in its large file (in a cluster, to a temporary file sent to
 * the bucket) and counted as received only then. Any error ends the call and keeps nothing of it.
 */
final class FileUpload implements StreamObserver<UploadFileRequest> {
    private final BatchFileStore files;
    private final StreamObserver<UploadFileResponse> response;
    private final Tenant tenant = CallContext.caller().tenant();
    private final long maxBytes;
    private BatchFileStore.Target target;
    private FileChannel channel;
    private long written;
    private boolean ended;

    FileUpload(BatchFileStore files, StreamObserver<UploadFileResponse> response, long maxBytes) {
        this.files = files;
        this.response = response;
        this.maxBytes = maxBytes;
    }

    @Override
    public void onNext(UploadFileRequest message) {
        if (ended) {
            return;
        }
        try {
            if (target == null) {
                target = files.begin(tenant, message, maxBytes);
                channel = FileChannel.open(target.receiving().path(), StandardOpenOption.WRITE);
                channel.position(target.receiving().offset());
            } else if (!message.getBatchId().isEmpty() || !message.getFileName().isEmpty() || message.hasRange()) {
                throw ServiceErrors.invalidArgument(
                        "batchId", "and the other names are given in the first message only");
            }
            long size = message.getData().size();
            if (written + size > target.length()) {
                throw target.part()
                        ? ServiceErrors.invalidArgument(
                                "data", "holds more bytes than the part's range says (" + target.length() + ")")
                        : ServiceErrors.tooLarge(
                                "data", "is larger than " + maxBytes + " bytes (the file-mebibytes limit)");
            }
            for (var buffer : message.getData().asReadOnlyByteBufferList()) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            written += size;
        } catch (IOException e) {
            fail(new UncheckedIOException("could not write an upload", e));
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        ended = true;
        abandon();
    }

    @Override
    public void onCompleted() {
        if (ended) {
            return;
        }
        ended = true;
        Unary.respond(response, () -> {
            if (target == null) {
                throw ServiceErrors.invalidArgument("batchId", "is required: the call sent no message");
            }
            try {
                channel.force(true);
                channel.close();
            } catch (IOException e) {
                abandon();
                throw new UncheckedIOException("could not write an upload", e);
            }
            try {
                files.finish(tenant, target, written);
            } catch (RuntimeException e) {
                abandon();
                throw e;
            }
            return UploadFileResponse.newBuilder().setLength(written).build();
        });
    }

    private void fail(RuntimeException e) {
        ended = true;
        abandon();
        response.onError(Unary.asStatus(e));
    }

    /** Closes the file; a temporary file is removed (a part written in place is simply not counted). */
    private void abandon() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to do: the upload is dropped.
            }
        }
        if (target != null) {
            files.discard(target);
        }
    }
}
