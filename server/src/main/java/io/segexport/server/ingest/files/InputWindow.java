package io.segexport.server.ingest.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes of a stream not yet consumed, in one buffer that grows up to a cap: {@code bytes[pos,
 * limit)}. Each read first moves those bytes to the buffer's start, so a framer keeps its offsets
 * relative to {@code pos}.
 */
final class InputWindow {
    private static final int FIRST_SIZE = 64 * 1024;

    private final InputStream in;
    private final int cap;
    byte[] bytes;
    int pos;
    int limit;
    /** The stream offset of {@code bytes[0]}. */
    private long base;

    private boolean ended;

    InputWindow(InputStream in, int cap) {
        this.in = in;
        this.cap = cap;
        this.bytes = new byte[Math.min(cap, FIRST_SIZE)];
    }

    /** Reads more after {@code limit}; false at the end of the stream, or when the buffer is full at its cap. */
    boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(bytes, pos, bytes, 0, limit - pos);
            base += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == bytes.length) {
            if (bytes.length == cap) {
                return false;
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(cap, 2L * bytes.length));
        }
        int read = in.read(bytes, limit, bytes.length - limit);
        if (read < 0) {
            ended = true;
            return false;
        }
        limit += read;
        return true;
    }

    boolean ended() {
        return ended;
    }

    /** The stream offset of {@code bytes[index]}. */
    long offset(int index) {
        return base + index;
    }
}
