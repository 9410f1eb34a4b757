package io.segexport.bench;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** What the suite is doing, a line a step, with the time: a full run takes a long while. */
record Progress(PrintStream out) {
    void say(String format, Object... args) {
        out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + String.format(format, args));
    }
}
