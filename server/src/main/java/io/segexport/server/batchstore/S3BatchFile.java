package io.segexport.server.batchstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An object read from any position. Reads in sequence share one ranged GET, from the first read's
 * position to the end; a read elsewhere starts another. Closing aborts what was not read.
 */
final class S3BatchFile implements BatchFile {
    private final S3Client s3;
    private final S3Config config;
    private final String key;
    private final long size;
    private ResponseInputStream<GetObjectResponse> stream;
    /** The position the stream is at. */
    private long streamPosition;

    S3BatchFile(S3Client s3, S3Config config, String key, long size) {
        this.s3 = s3;
        this.config = config;
        this.key = key;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer buffer, long position) throws IOException {
        if (position >= size) {
            return -1;
        }
        if (stream == null || streamPosition != position) {
            close();
            try {
                stream = s3.getObject(
                        b -> b.bucket(config.bucket()).key(key).range("bytes=" + position + "-" + (size - 1)));
            } catch (SdkException e) {
                throw S3Failures.of(config, "read " + key, e);
            }
            streamPosition = position;
        }
        int want = (int) Math.min(buffer.remaining(), size - position);
        byte[] bytes = new byte[want];
        int read = stream.read(bytes, 0, want);
        if (read > 0) {
            buffer.put(bytes, 0, read);
            streamPosition += read;
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.abort();
            stream.close();
            stream = null;
        }
    }
}
