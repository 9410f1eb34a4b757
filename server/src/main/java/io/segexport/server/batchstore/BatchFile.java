package io.segexport.server.batchstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A published file open for reading at any position. */
public interface BatchFile extends Closeable {
    long size() throws IOException;

    /** Reads into {@code buffer} from {@code position}; the bytes read, or -1 at the end of the file. */
    int read(ByteBuffer buffer, long position) throws IOException;
}
