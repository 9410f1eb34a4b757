package io.segexport.client.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One in-process run of the command line: its exit code and what it wrote to each stream. */
record CliRun(int exitCode, String out, String err) {
    static CliRun run(Map<String, String> environment, boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SegexportCli.run(args, environment, new PrintWriter(out), new PrintWriter(err), terminal);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    static CliRun run(Map<String, String> environment, String... args) {
        return run(environment, false, args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
