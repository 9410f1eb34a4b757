package io.segexport.server.engine;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one batch's rows as JSON Lines part files in a staging folder (a prefix, then a count:
 * part-00000.json, ...), starting a new part past a size bound. Each part is synced to disk when it is closed, so that a
 * committed batch never loses rows to a crash.
 */
final class BatchWriter implements Closeable {
    static final long PART_BYTES = 64L << 20;

    private final Path dir;
    private final String partPrefix;
    private final long partBytes;
    private FileOutputStream file;
    private BufferedOutputStream out;
    private long bytesInPart;
    private int parts;
    private long rows;
    private long bytes;

    BatchWriter(Path dir, String partPrefix, long partBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.partPrefix = partPrefix;
        this.partBytes = partBytes;
    }

    /** Appends one row, a JSON object without its line end: {@code length} bytes of {@code row} from {@code offset}. */
    void write(byte[] row, int offset, int length) throws IOException {
        if (out == null || bytesInPart >= partBytes) {
            closePart();
            file = new FileOutputStream(
                    dir.resolve(String.format("%s%05d.json", partPrefix, parts)).toFile());
            out = new BufferedOutputStream(file, 1 << 16);
            parts++;
            bytesInPart = 0;
        }
        out.write(row, offset, length);
        out.write('\n');
        bytesInPart += length + 1;
        bytes += length + 1;
        rows++;
    }

    long rows() {
        return rows;
    }

    long bytes() {
        return bytes;
    }

    int files() {
        return parts;
    }

    private void closePart() throws IOException {
        if (out != null) {
            out.flush();
            file.getFD().sync();
            out.close();
            out = null;
        }
    }

    @Override
    public void close() throws IOException {
        closePart();
    }
}
