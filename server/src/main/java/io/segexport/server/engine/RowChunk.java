package io.segexport.server.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The rows that one chunk of profiles gave, ready to be appended to the batches in order: per batch,
 * the rows' bytes end to end with where each ends; per profile, how many rows it gave and, when it
 * was exported, its primary namespace.
 */
final class RowChunk {
    private final Rows[] batches;
    private final int[] rowsOfProfile;
    private final String[] exportedNamespace;

    RowChunk(int batchCount, int profileCount) {
        this.batches = new Rows[batchCount];
        for (int i = 0; i < batchCount; i++) {
            batches[i] = new Rows();
        }
        this.rowsOfProfile = new int[profileCount];
        this.exportedNamespace = new String[profileCount];
    }

    /** Where the rows of a batch are written; call {@link #endRow} after each. */
    Rows batch(int index) {
        return batches[index];
    }

    void profileDone(int profile, int rows, String primaryNamespace) {
        rowsOfProfile[profile] = rows;
        exportedNamespace[profile] = rows > 0 ? primaryNamespace : null;
    }

    int profiles() {
        return rowsOfProfile.length;
    }

    int rowsOf(int profile) {
        return rowsOfProfile[profile];
    }

    /** The primary namespace of an exported profile; null when the filter dropped it. */
    String exportedNamespace(int profile) {
        return exportedNamespace[profile];
    }

    void appendTo(List<BatchWriter> writers) throws IOException {
        for (int i = 0; i < batches.length; i++) {
            batches[i].appendTo(writers.get(i));
        }
    }

    /** A batch's rows in one buffer. */
    static final class Rows extends ByteArrayOutputStream {
        private int[] ends = new int[64];
        private int rows;

        Rows() {
            super(1 << 14);
        }

        /** Marks the end of the row written since the last mark (the writer must have flushed). */
        void endRow() {
            if (rows == ends.length) {
                ends = Arrays.copyOf(ends, rows * 2);
            }
            ends[rows++] = count;
        }

        void appendTo(BatchWriter writer) throws IOException {
            int start = 0;
            for (int i = 0; i < rows; i++) {
                writer.write(buf, start, ends[i] - start);
                start = ends[i];
            }
        }
    }
}
