package io.segexport.server.ingest.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Reads the records of one uploaded file, one at a time, streaming (never the whole file in memory). */
public final class JsonRecordReader implements Closeable {
    /** How the file lays its records out. */
    public enum Layout {
        /**
         * JSON Lines: one object a line (blank lines skipped). A file whose first non-blank byte is '[' is
         * read as MULTI_LINE instead (aepp uploads a JSON array even without the flag).
         */
        LINES,
        /** One JSON array of objects, or objects one after the other (whitespace between), each possibly spanning many lines. */
        MULTI_LINE
    }

    /** The deepest nesting a reader takes: Jackson's own default bound, and this reader's recursion. */
    public static final int MAX_DEPTH = 1000;
    /** Room for reads beside the longest record. */
    private static final int READ_ROOM = 64 * 1024;
    /** The longest record a reader takes, whatever maxRecordBytes says: what one array holds, less the read room. */
    public static final int MAX_RECORD_BYTES = Integer.MAX_VALUE - 16 - READ_ROOM;

    private final InputStream in;
    private final Layout layout;
    private final int maxRecordBytes;
    private final InputWindow window;
    private final RecordEncoder encoder;
    private final Frame frame = new Frame();
    /** Chosen at the first read, which may need the file's first byte. */
    private Framer framer;

    /**
     * maxRecordBytes: a record longer than this is a bad record (LINES: skip to the next line;
     * MULTI_LINE: the rest of the file is unreadable); at most {@link #MAX_RECORD_BYTES} counts. maxDepth:
     * nesting deeper than this is a bad record; from 1 to {@link #MAX_DEPTH}.
     */
    public JsonRecordReader(InputStream in, Layout layout, int maxRecordBytes, int maxDepth) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
        }
        if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be from 1 to " + MAX_DEPTH + ": " + maxDepth);
        }
        this.in = in;
        this.layout = layout;
        // A record must fit in one array beside the read room, whatever the limit configured.
        this.maxRecordBytes = Math.min(maxRecordBytes, MAX_RECORD_BYTES);
        this.window = new InputWindow(in, this.maxRecordBytes + READ_ROOM);
        this.encoder = new RecordEncoder(this.maxRecordBytes, maxDepth);
    }

    /** The next record, good or bad, or null at the end of the input. */
    public JsonRecord next() throws IOException {
        if (framer == null) {
            framer = layout == Layout.MULTI_LINE || firstByte() == '['
                    ? new ValueFramer(window, maxRecordBytes)
                    : new LineFramer(window, maxRecordBytes);
        }
        if (!framer.next(frame)) {
            return null;
        }
        if (frame.error != null) {
            return bad(frame.error);
        }
        try {
            encoder.encode(frame.bytes, frame.offset, frame.length);
            return new JsonRecord(frame.line, encoder.struct(), encoder.json(), null);
        } catch (BadRecord e) {
            if (e.malformed()) {
                framer.afterMalformed();
            }
            return bad(e.getMessage() + where(e));
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private JsonRecord bad(String error) {
        return new JsonRecord(frame.line, null, frame.raw(), error);
    }

    /** Where in the file the parser stopped, from where in the record it did. */
    private String where(BadRecord e) {
        if (e.line() <= 0 || e.column() <= 0) {
            return "";
        }
        if (e.line() == 1) {
            return " at column " + (frame.column + e.column() - 1);
        }
        return " at line " + (frame.line + e.line() - 1) + ", column " + e.column();
    }

    /** The first byte not blank, left unread, or -1 when there is none (or only blanks fill the buffer). */
    private int firstByte() throws IOException {
        int blanks = 0;
        do {
            for (int i = window.pos + blanks; i < window.limit; i++, blanks++) {
                if (!JsonBytes.isBlank(window.bytes[i])) {
                    return window.bytes[i] & 0xFF;
                }
            }
        } while (window.fill());
        return -1;
    }
}
