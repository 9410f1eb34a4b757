package io.segexport.server.ingest.files;

/** Why a record is bad, and where in it (1-based, 0 when not known) for a syntax error. */
final class BadRecord extends Exception {
    private final boolean malformed;
    private final int line;
    private final int column;

    /** A record that is valid JSON but not one the reader takes. */
    BadRecord(String why) {
        this(why, false, 0, 0);
    }

    /** A record that is not valid JSON, where its bytes stop making sense. */
    BadRecord(String why, int line, int column) {
        this(why, true, line, column);
    }

    private BadRecord(String why, boolean malformed, int line, int column) {
        super(why, null, false, false);
        this.malformed = malformed;
        this.line = line;
        this.column = column;
    }

    /** Whether the record is not valid JSON, so that the end found for it may be wrong. */
    boolean malformed() {
        return malformed;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }
}
