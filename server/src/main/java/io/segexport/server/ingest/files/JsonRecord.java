package io.segexport.server.ingest.files;

/**
 * One record of a file.
 *
 * @param line the 1-based line where the record starts
 * @param struct the record as an encoded google.protobuf.Struct; null when bad
 * @param json the record as compact JSON (UTF-8, one line, the keys in input order); when bad, the raw
 *     bytes of the record as read (at most 4 KiB), any newline replaced by a space
 * @param error null when good; else why, for people
 */
public record JsonRecord(long line, byte[] struct, byte[] json, String error) {
    public boolean good() {
        return error == null;
    }
}
