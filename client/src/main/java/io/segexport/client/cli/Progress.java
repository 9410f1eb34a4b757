package io.segexport.client.cli;

import java.io.PrintWriter;
import java.time.Clock;

/**
 * The progress of one long task (a job's profiles, an import's records, a download's bytes) on
 * standard error: a bar redrawn in place on a terminal, periodic lines otherwise. The rate is the
 * average since the first update, so a watch that joins a job half-way does not count the half it
 * did not see. Updates may come from any thread.
 */
final class Progress implements AutoCloseable {
    private final Clock clock;
    private final String label;
    private final Unit unit;
    private final ProgressSink sink;
    private long firstAt = -1;
    private long firstDone;
    private long done;
    private long total;
    private String note = "";
    private boolean closed;

    Progress(Clock clock, String label, Unit unit, ProgressSink sink) {
        this.clock = clock;
        this.label = label;
        this.unit = unit;
        this.sink = sink;
    }

    /** {@code done} so far of {@code total} (0 when unknown), with a note such as the job's status. */
    synchronized void update(long done, long total, String note) {
        long now = clock.millis();
        if (firstAt < 0) {
            firstAt = now;
            firstDone = done;
        }
        this.done = done;
        this.total = total;
        this.note = note;
        sink.show(line(now), now);
    }

    void update(long done) {
        update(done, 0, "");
    }

    /** Prints a line of text without garbling the display. */
    synchronized void message(String text) {
        sink.message(text);
    }

    /** Shows the final state, once. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            sink.finish(line(clock.millis()));
        }
    }

    private ProgressLine line(long now) {
        double perSecond = firstAt >= 0 && now > firstAt ? (done - firstDone) * 1000.0 / (now - firstAt) : 0;
        return new ProgressLine(label, unit, done, total, perSecond, note);
    }

    static Progress on(PrintWriter err, boolean terminal, Clock clock, String label, Unit unit) {
        return new Progress(clock, label, unit, ProgressSink.forStream(err, terminal));
    }
}
