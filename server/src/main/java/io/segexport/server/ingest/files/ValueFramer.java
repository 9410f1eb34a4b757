package io.segexport.server.ingest.files;

import java.io.IOException;

/**
 * Multi-line JSON: the elements of one array, or values one after the other, each found by counting
 * brackets outside strings. A value that is not valid JSON may end elsewhere than where the count
 * says, so nothing after it is read.
 */
final class ValueFramer implements Framer {
    /** What may come next. */
    private enum Expect {
        START,
        FIRST_ELEMENT,
        COMMA,
        ELEMENT,
        VALUE,
        AFTER_ARRAY,
        NOTHING
    }

    private final InputWindow window;
    private final int maxRecordBytes;
    private Expect expect = Expect.START;
    private long line = 1;
    /** The stream offset where the current line starts. */
    private long lineStart;

    // How far the scan of the value at window.pos has gone, across reads.
    private int scanned;
    private int depth;
    private boolean inString;
    private boolean escaped;

    ValueFramer(InputWindow window, int maxRecordBytes) {
        this.window = window;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        while (true) {
            int next = skipBlanks();
            switch (expect) {
                case START -> {
                    if (next == '[') {
                        window.pos++;
                        expect = Expect.FIRST_ELEMENT;
                    } else {
                        expect = Expect.VALUE;
                    }
                }
                case FIRST_ELEMENT, COMMA -> {
                    if (next == ']') {
                        window.pos++;
                        expect = Expect.AFTER_ARRAY;
                    } else if (next == ',' && expect == Expect.COMMA) {
                        window.pos++;
                        expect = Expect.ELEMENT;
                    } else if (next < 0) {
                        return unclosed(frame);
                    } else {
                        return value(
                                frame,
                                expect == Expect.COMMA ? "is not valid JSON: expected ',' or ']' before it" : null);
                    }
                }
                case ELEMENT -> {
                    return next < 0 ? unclosed(frame) : value(frame, null);
                }
                case VALUE -> {
                    return next >= 0 && value(frame, null);
                }
                case AFTER_ARRAY -> {
                    return next >= 0 && value(frame, "is not valid JSON: more after the array's end");
                }
                case NOTHING -> {
                    return false;
                }
            }
        }
    }

    @Override
    public void afterMalformed() {
        expect = Expect.NOTHING;
    }

    /** The input ends inside the array: the file was cut. */
    private boolean unclosed(Frame frame) {
        frame.bad(line, column(window.pos), window.bytes, window.pos, 0, "is not valid JSON: the array is not closed");
        expect = Expect.NOTHING;
        return true;
    }

    /** Frames the value at window.pos, bad when {@code error} is not null (and then the last). */
    private boolean value(Frame frame, String error) throws IOException {
        long startLine = line;
        int column = column(window.pos);
        int length;
        while ((length = scan()) < 0) {
            if (window.limit - window.pos > maxRecordBytes) {
                length = window.limit - window.pos;
                break;
            }
            if (!window.fill()) {
                // The input ends inside the value: parsing it says what is missing.
                length = window.limit - window.pos;
                break;
            }
        }
        if (length > maxRecordBytes) {
            frame.bad(
                    startLine, column, window.bytes, window.pos, length, "is longer than " + maxRecordBytes + " bytes");
            expect = Expect.NOTHING;
            return true;
        }
        if (error == null) {
            frame.found(startLine, column, window.bytes, window.pos, length);
            expect = expect == Expect.VALUE ? Expect.VALUE : Expect.COMMA;
        } else {
            frame.bad(startLine, column, window.bytes, window.pos, length, error);
            expect = Expect.NOTHING;
        }
        window.pos += length;
        scanned = 0;
        depth = 0;
        inString = false;
        escaped = false;
        return true;
    }

    /** The length of the value at window.pos once its end is in the window, else -1 (the scan goes on at the next call). */
    private int scan() {
        byte[] bytes = window.bytes;
        int start = window.pos;
        int limit = window.limit;
        for (int i = start + scanned; i < limit; i++) {
            byte c = bytes[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1 - start;
                    }
                }
            } else if (c == '"' || c == '{' || c == '[') {
                if (depth == 0 && i > start) {
                    return i - start;
                }
                if (c == '"') {
                    inString = true;
                } else {
                    depth++;
                }
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return Math.max(i - start, 1);
                }
                if (--depth == 0) {
                    return i + 1 - start;
                }
            } else if (depth == 0 && (c == ',' || JsonBytes.isBlank(c))) {
                return Math.max(i - start, 1);
            }
            if (c == '\n') {
                newLine(i);
            }
        }
        scanned = limit - start;
        return -1;
    }

    /** The next byte not blank, at window.pos, or -1 at the end of the input. */
    private int skipBlanks() throws IOException {
        do {
            for (; window.pos < window.limit; window.pos++) {
                byte c = window.bytes[window.pos];
                if (c == '\n') {
                    newLine(window.pos);
                } else if (!JsonBytes.isBlank(c)) {
                    return c & 0xFF;
                }
            }
        } while (window.fill());
        return -1;
    }

    private void newLine(int index) {
        line++;
        lineStart = window.offset(index) + 1;
    }

    private int column(int index) {
        return (int) (window.offset(index) - lineStart) + 1;
    }
}
