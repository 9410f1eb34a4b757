package io.segexport.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the server's command line in this JVM, with what it printed; for runs that end (failures, help). */
record MainRun(int exitCode, String out, String err) {
    static MainRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new MainRun(exitCode, out.toString(), err.toString());
    }
}
