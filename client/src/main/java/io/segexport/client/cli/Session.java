package io.segexport.client.cli;

import com.google.protobuf.Message;
import java.io.PrintWriter;
import java.time.Clock;

/**
 * What every command runs with: standard output for the result, standard error for progress and
 * messages, whether standard error is a terminal, the clock, and the global options.
 */
final class Session implements AutoCloseable {
    /** Prints a result for a person. */
    interface HumanView<T> {
        void print(T result, TimeFormat times, PrintWriter out);
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final Clock clock;
    private final TimeFormat times;
    private final GlobalOptions options;

    Session(PrintWriter out, PrintWriter err, boolean terminal, Clock clock, TimeFormat times, GlobalOptions options) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.times = times;
        this.options = options;
    }

    GlobalOptions options() {
        return options;
    }

    boolean json() {
        return options.output == OutputFormat.json;
    }

    PrintWriter out() {
        return out;
    }

    TimeFormat times() {
        return times;
    }

    /** Writes the command's result: the message as JSON, or the view of it. */
    <T extends Message> void print(T result, HumanView<T> human) {
        if (json()) {
            JsonOutput.print(out, result);
        } else {
            human.print(result, times, out);
            out.flush();
        }
    }

    /** A message for the user on standard error. */
    void say(String message) {
        err.println(message);
        err.flush();
    }

    Progress progress(String label, Unit unit) {
        return Progress.on(err, terminal, clock, label, unit);
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
    }
}
