package io.segexport.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process of its own, its standard output and error read as lines as they come; every wait is
 * bounded. Closing it stops the process: SIGTERM, then SIGKILL if it has not ended in time.
 */
final class Launched implements AutoCloseable {
    private static final Duration STOP_TIME = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private Launched(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLines, "output of " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in {@code workDir} with exactly {@code environment} (when not empty). */
    static Launched start(List<String> command, Path workDir, Map<String, String> environment) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        if (!environment.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        return new Launched(builder.start());
    }

    private void readLines() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line that matches, waiting at most {@code time} for it; fails with the output so far. */
    Matcher awaitLine(Pattern pattern, Duration time) throws InterruptedException {
        long deadline = System.nanoTime() + time.toNanos();
        synchronized (lines) {
            for (int seen = 0; ; ) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("no line matching " + pattern + " within " + time
                            + (process.isAlive() ? "" : " (the process ended)") + "; the output: " + lines);
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    /** The exit code, once the process has ended and all its output is read; fails after {@code time}. */
    int awaitExit(Duration time) throws InterruptedException {
        if (!process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + time + "; the output: " + output());
        }
        reader.join(time.toMillis());
        return process.exitValue();
    }

    /** The output lines read so far. */
    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** What the process runs now (its executable), as the system sees it. */
    String executable() {
        return process.info().command().orElseThrow(() -> new AssertionError("the process's command is not known"));
    }

    /** Asks the process to stop (SIGTERM), still reading what it prints then: Process.destroy() would close its output. */
    void terminate() {
        process.toHandle().destroy();
    }

    @Override
    public void close() throws InterruptedException {
        terminate();
        if (!process.waitFor(STOP_TIME.toMillis(), TimeUnit.MILLISECONDS)) {
            process.toHandle().destroyForcibly();
            process.waitFor(STOP_TIME.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
