package io.segexport.server.ingest.files;

import java.io.IOException;

/** JSON Lines: each line not blank is a record, found by its line end alone, so a bad line cannot hide the next. */
final class LineFramer implements Framer {
    private final InputWindow window;
    private final int maxRecordBytes;
    /** The lines consumed so far. */
    private long line;
    /** How many bytes after {@code window.pos} are known to hold no line end. */
    private int scanned;

    LineFramer(InputWindow window, int maxRecordBytes) {
        this.window = window;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        while (true) {
            int newline = lineEnd();
            if (newline < 0 && window.ended()) {
                if (window.pos == window.limit) {
                    return false;
                }
                newline = window.limit;
            }
            if (newline >= 0) {
                line++;
                int start = window.pos;
                int end = newline > start && window.bytes[newline - 1] == '\r' ? newline - 1 : newline;
                window.pos = Math.min(newline + 1, window.limit);
                scanned = 0;
                if (end - start > maxRecordBytes) {
                    frame.bad(line, 1, window.bytes, start, end - start, tooLong());
                    return true;
                }
                if (!blank(window.bytes, start, end)) {
                    frame.found(line, 1, window.bytes, start, end - start);
                    return true;
                }
            } else if (window.limit - window.pos > maxRecordBytes + 1) {
                line++;
                frame.bad(line, 1, window.bytes, window.pos, window.limit - window.pos, tooLong());
                skipLine();
                return true;
            } else {
                window.fill();
            }
        }
    }

    @Override
    public void afterMalformed() {}

    private String tooLong() {
        return "is longer than " + maxRecordBytes + " bytes";
    }

    /** The index of the next line end in the window, or -1. */
    private int lineEnd() {
        byte[] bytes = window.bytes;
        int limit = window.limit;
        for (int i = window.pos + scanned; i < limit; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        scanned = limit - window.pos;
        return -1;
    }

    /** Drops the rest of a line too long to keep, reading on to its end. */
    private void skipLine() throws IOException {
        do {
            int newline = lineEnd();
            if (newline >= 0) {
                window.pos = newline + 1;
                scanned = 0;
                return;
            }
            window.pos = window.limit;
            scanned = 0;
        } while (window.fill());
    }

    private static boolean blank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!JsonBytes.isBlank(bytes[i])) {
                return false;
            }
        }
        return true;
    }
}
