package io.segexport.server.ingest.files;

/** What JSON says of single bytes. */
final class JsonBytes {
    private JsonBytes() {}

    /** Whether the byte is JSON's insignificant whitespace. */
    static boolean isBlank(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
