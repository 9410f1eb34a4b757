package io.segexport.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's main in a process of its own, as scripts run it, its output (stdout and stderr as
 * one) read line by line; for the tests that need a process: signals, the real ports, what a running
 * server prints. Closing it stops the process as SIGTERM does.
 */
final class MainProcess implements AutoCloseable {
    static final Pattern HTTP_PORT = Pattern.compile("segexport: HTTP listening on port (\\d+)");

    private final Process process;
    private final BufferedReader out;
    private final List<String> output = new ArrayList<>();

    private MainProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static MainProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** A main with these arguments, in the test's environment but for SEGEXPORT_DEV_TOKEN, set only as {@code env} says. */
    static MainProcess start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("SEGEXPORT_DEV_TOKEN");
        builder.environment().putAll(env);
        return new MainProcess(builder.start());
    }

    /** Reads output lines until one matches; every line read is kept in {@link #output}. */
    Matcher awaitLine(Pattern pattern) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            output.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("the process ended without printing " + pattern + ": " + output);
    }

    /** Reads output lines until the HTTP port is printed; returns it. */
    int httpPort() throws IOException {
        return Integer.parseInt(awaitLine(HTTP_PORT).group(1));
    }

    /** The lines read so far. */
    List<String> output() {
        return output;
    }

    /** Sends SIGTERM, as {@link #close} does, without waiting. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits for it to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Whether the process ended within 20 seconds. */
    boolean ended() throws InterruptedException {
        return process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        terminate();
        ended();
        out.close();
    }
}
