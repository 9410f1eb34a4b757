package io.segexport.server.batchstore;

import com.google.common.io.ByteStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One file sent to one key in parts. Each part's body is read from the file again when the client
 * retries it, so no part is held in memory. An upload that fails is aborted, leaving no parts behind.
 */
final class MultipartUpload {
    private final S3Client s3;
    private final S3Config config;
    private final String key;
    private final long partSize;

    MultipartUpload(S3Client s3, S3Config config, String key, long partSize) {
        this.s3 = s3;
        this.config = config;
        this.key = key;
        this.partSize = partSize;
    }

    void send(Path file, long length) throws IOException {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(config.bucket()).key(key))
                    .uploadId();
        } catch (SdkException e) {
            throw S3Failures.of(config, "start the upload of " + key, e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int number = 1; (long) (number - 1) * partSize < length; number++) {
                long offset = (number - 1) * partSize;
                long size = Math.min(partSize, length - offset);
                int partNumber = number;
                String etag = s3.uploadPart(
                                b -> b.bucket(config.bucket())
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(partNumber)
                                        .contentLength(size),
                                RequestBody.fromContentProvider(
                                        () -> range(file, offset, size), size, "application/octet-stream"))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(config.bucket())
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (SdkException e) {
            abort(uploadId, e);
            throw S3Failures.of(config, "upload " + key, e);
        }
    }

    /** Bytes {@code [offset, offset + size)} of the file, as a new stream for each attempt. */
    private static InputStream range(Path file, long offset, long size) {
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(offset);
            return ByteStreams.limit(in, size);
        } catch (IOException e) {
            throw SdkException.create("could not read " + file.getFileName() + " at " + offset, e);
        }
    }

    private void abort(String uploadId, Exception failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(config.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            failure.addSuppressed(e);
        }
    }
}
