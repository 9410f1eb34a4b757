package io.segexport.server.cluster;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * How far this node's global store of records has read the records topic (one partition): the
 * offset of the last record applied, -1 before any. A writer waits for its own record's offset, and
 * a reader for that of a sync record it writes, so that what was acknowledged anywhere is read everywhere.
 */
public final class GlobalPosition {
    private long applied = -1;

    synchronized void applied(long offset) {
        if (offset > applied) {
            applied = offset;
            notifyAll();
        }
    }

    /** Returns once the record at {@code offset} is applied; throws after {@code timeout}. */
    synchronized void await(long offset, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (applied < offset) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("this node's records stop at offset " + applied + ", before " + offset
                        + ", after " + timeout.toSeconds() + " s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
