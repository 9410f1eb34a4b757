package io.segexport.server.profiles.ingest;

/**
 * A streamed record whose bytes are no google.protobuf.Struct that an IngestRequest could hold:
 * the message it came in is no valid request, as if grpc-java had failed to parse it.
 */
final class MalformedRecord extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedRecord() {
        super(null, null, false, false);
    }
}
