package io.segexport.server.dataaccess;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.ServerCallStreamObserver;
import io.segexport.server.batchstore.BatchFile;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.v1.ReadFileResponse;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends bytes {@code [start, end)} of an open file to a call, one chunk at a time and only while the
 * call is ready (gRPC flow control), so a slow reader holds at most a chunk or two in memory, never the
 * file. Closes the file when the range is sent, on a failure, and when the call is cancelled.
 */
final class FileStream {
    static final int CHUNK_SIZE = 64 * 1024;
    private static final Logger logger = LoggerFactory.getLogger(FileStream.class);

    private final BatchFile file;
    private final String requestId;
    private final long fileLength;
    private final long start;
    private final long end;
    private long position;
    private boolean first = true;
    private boolean done;

    FileStream(BatchFile file, String requestId, long fileLength, long start, long end) {
        this.file = file;
        this.requestId = requestId;
        this.fileLength = fileLength;
        this.start = start;
        this.end = end;
        this.position = start;
    }

    /** Sends chunks while the call is ready; called whenever it becomes ready. */
    synchronized void pump(ServerCallStreamObserver<ReadFileResponse> call) {
        try {
            while (!done && !call.isCancelled() && call.isReady()) {
                int size = (int) Math.min(CHUNK_SIZE, end - position);
                ReadFileResponse.Builder chunk =
                        ReadFileResponse.newBuilder().setData(UnsafeByteOperations.unsafeWrap(read(size)));
                if (first) {
                    chunk.setFileLength(fileLength).setReadOffset(start).setReadLength(end - start);
                    first = false;
                }
                position += size;
                call.onNext(chunk.build());
                if (position >= end) {
                    close();
                    call.onCompleted();
                }
            }
        } catch (IOException | RuntimeException e) {
            logger.error("Request {} failed reading a file", requestId, e);
            close();
            call.onError(ServiceErrors.internal());
        }
    }

    /** The {@code size} bytes from the stream's position. */
    private ByteBuffer read(int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException(
                        "the file ended at " + (position + buffer.position()) + " of " + fileLength + " bytes");
            }
        }
        return buffer.flip();
    }

    synchronized void close() {
        if (!done) {
            done = true;
            DataAccessService.closeQuietly(file);
        }
    }
}
