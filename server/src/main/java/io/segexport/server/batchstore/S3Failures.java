package io.segexport.server.batchstore;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;

/** What the batch store reports when S3 fails a request the client has retried. */
final class S3Failures {
    private S3Failures() {}

    /** "the batch store at URL could not WHAT: why", naming the bucket. */
    static IOException of(S3Config config, String what, SdkException cause) {
        return new IOException(
                "the batch store at " + config.server() + " could not " + what + " in bucket " + config.bucket() + ": "
                        + cause.getMessage(),
                cause);
    }
}
