package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** One in-process run of the command line: its exit code and what it wrote to each stream. */
record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun run(Map<String, String> environment, boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SegexportCli.run(args, environment, new PrintWriter(out), new PrintWriter(err), terminal);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Asserts the exit code, showing both streams when it is not the expected one. */
    CliRun expectExit(int expected) {
        assertThat(exitCode).as(this::toString).isEqualTo(expected);
        return this;
    }

    /** Standard output parsed as the one JSON document it must be. */
    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("standard output is not one JSON document:\n" + out, e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
