package io.segexport.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.segexport.client.ClientBuilder;
import io.segexport.client.SegexportClient;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What every command runs with: standard output for the result, standard error for progress and
 * messages, whether standard error is a terminal, the clock, the global options, and the client
 * made from them (once, on first use, and closed with the session).
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
    private SegexportClient client;

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

    /** The client of the server and tenant the options name; bad settings are a usage error. */
    SegexportClient client() {
        if (client == null) {
            ClientBuilder builder = SegexportClient.builder()
                    .target(options.target)
                    .token(options.token)
                    .apiKey(options.apiKey)
                    .org(options.org)
                    .sandbox(options.sandbox);
            if (options.caFile != null) {
                builder.trustedCertificates(options.caFile);
            }
            try {
                client = builder.build();
            } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
                boolean caFile =
                        options.caFile != null && String.valueOf(e.getMessage()).contains(options.caFile.toString());
                throw new CliException(ExitCode.USAGE, e.getMessage() + (caFile ? " (--ca-file)" : ""));
            }
        }
        return client;
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

    /** Writes a result the API has no message for: the JSON document, or the human view. */
    void print(JsonNode result, Consumer<PrintWriter> human) {
        if (json()) {
            JsonOutput.print(out, result);
        } else {
            human.accept(out);
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
        if (client != null) {
            client.close();
        }
        out.flush();
        err.flush();
    }
}
