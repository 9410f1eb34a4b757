package io.segexport.server.jobs;

import io.segexport.server.rpc.ServiceErrors;

/** Bounds on the sizes of request fields, so that no request can make a job unreasonably large. */
final class Limits {
    static final int MAX_ID_LENGTH = 256;
    static final int MAX_SEGMENTS = 100;
    static final int MAX_FIELD_PATHS = 500;
    static final int MAX_FIELD_PATH_LENGTH = 256;
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private Limits() {}

    /** Checks an id-like value: 1 to 256 characters, no control characters. */
    static String checkId(String field, String value) {
        if (value.length() > MAX_ID_LENGTH) {
            throw ServiceErrors.invalidArgument(field, "must be at most " + MAX_ID_LENGTH + " characters");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw ServiceErrors.invalidArgument(field, "must not contain control characters");
        }
        return value;
    }

    /** A value cut short for quoting in an error message. */
    static String shorten(String value) {
        String printable = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
