package io.segexport.client.cli;

import java.util.Arrays;

/**
 * Maps the index of a record in an import stream (0, 1, 2, ... as the server counts them) back to
 * its line in the file. Records come from consecutive lines except where a bad or blank line was
 * skipped, so one entry per run of consecutive record lines is enough: memory grows with the lines
 * skipped, not with the records sent.
 */
final class RecordLines {
    private long[] runFirstIndex = new long[16];
    private long[] runFirstLine = new long[16];
    private int runs;
    private long records;

    /** The next record sent comes from this line; lines only ever increase. */
    void add(long line) {
        boolean continuesRun = runs > 0 && runFirstLine[runs - 1] + (records - runFirstIndex[runs - 1]) == line;
        if (!continuesRun) {
            if (runs == runFirstIndex.length) {
                runFirstIndex = Arrays.copyOf(runFirstIndex, runs * 2);
                runFirstLine = Arrays.copyOf(runFirstLine, runs * 2);
            }
            runFirstIndex[runs] = records;
            runFirstLine[runs] = line;
            runs++;
        }
        records++;
    }

    /** The line of the record with this index. */
    long lineOf(long index) {
        if (index < 0 || index >= records) {
            throw new IllegalArgumentException("no record " + index + " among " + records);
        }
        int found = Arrays.binarySearch(runFirstIndex, 0, runs, index);
        int run = found >= 0 ? found : -found - 2;
        return runFirstLine[run] + (index - runFirstIndex[run]);
    }
}
