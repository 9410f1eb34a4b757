package io.segexport.client.cli;

import java.io.PrintWriter;

/** Where, and how often, a {@link Progress} shows itself. */
interface ProgressSink {
    /** A new state at {@code nowMillis}; the sink may skip it to keep the output calm. */
    void show(ProgressLine line, long nowMillis);

    /** A line of text that must not be lost in the display, e.g. a bad input line. */
    void message(String text);

    /** The final state: always shown. */
    void finish(ProgressLine line);

    static ProgressSink forStream(PrintWriter err, boolean terminal) {
        return terminal ? new TerminalProgressSink(err) : new LogProgressSink(err);
    }
}
