package io.segexport.client.cli;

import java.io.PrintWriter;

/** A bar redrawn in place with carriage returns, at most ten times a second, for a person watching. */
final class TerminalProgressSink implements ProgressSink {
    private static final long REDRAW_INTERVAL_MILLIS = 100;

    private final PrintWriter err;
    private String drawn = "";
    private long drawnAt = Long.MIN_VALUE;

    TerminalProgressSink(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void show(ProgressLine line, long nowMillis) {
        if (drawnAt == Long.MIN_VALUE || nowMillis - drawnAt >= REDRAW_INTERVAL_MILLIS) {
            draw(line.text(true));
            drawnAt = nowMillis;
        }
    }

    @Override
    public void message(String text) {
        // Wipe the bar, print the message on its own line, then put the bar back under it.
        String bar = drawn;
        draw("");
        err.print('\r');
        err.println(text);
        draw(bar);
    }

    @Override
    public void finish(ProgressLine line) {
        draw(line.text(true));
        err.println();
        err.flush();
    }

    /** Overwrites the current line; blanks pad a shorter text over the rest of the longer one. */
    private void draw(String text) {
        err.print('\r');
        err.print(text);
        err.print(" ".repeat(Math.max(0, drawn.length() - text.length())));
        err.flush();
        drawn = text;
    }
}
