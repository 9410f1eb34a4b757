package io.segexport.client.cli;

import java.io.PrintWriter;

/**
 * Plain lines, one every two seconds at most, for standard error redirected to a file or a CI log,
 * where carriage returns would pile up into one unreadable line.
 */
final class LogProgressSink implements ProgressSink {
    private static final long INTERVAL_MILLIS = 2_000;

    private final PrintWriter err;
    private String printed = "";
    private long printedAt = Long.MIN_VALUE;

    LogProgressSink(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void show(ProgressLine line, long nowMillis) {
        if (printedAt == Long.MIN_VALUE || nowMillis - printedAt >= INTERVAL_MILLIS) {
            print(line.text(false));
            printedAt = nowMillis;
        }
    }

    @Override
    public void message(String text) {
        err.println(text);
        err.flush();
    }

    @Override
    public void finish(ProgressLine line) {
        String text = line.text(false);
        if (!text.equals(printed)) {
            print(text);
        }
    }

    private void print(String text) {
        err.println(text);
        err.flush();
        printed = text;
    }
}
