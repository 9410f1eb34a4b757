package io.segexport.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The product as shipped, {@code java -jar segexport-server.jar}, run as a separate process on free
 * ports over a data folder, with the development token and no client rate limit in the way.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern GRPC_PORT = Pattern.compile("gRPC listening on port (\\d+)");
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP listening on port (\\d+)");
    private static final String UNLIMITED = String.valueOf(Integer.MAX_VALUE);

    private final Process process;
    private final int grpcPort;
    private final int httpPort;

    private ServerProcess(Process process, int grpcPort, int httpPort) {
        this.process = process;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
    }

    /** Starts the jar with {@code jvmOptions} and waits until both ports listen; its stderr goes to {@code dataDir}. */
    static ServerProcess start(Path jar, Path dataDir, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--dev-token",
                BenchTenant.TOKEN,
                "--data-dir",
                dataDir.toString(),
                "--grpc-port",
                "0",
                "--http-port",
                "0",
                "--limit",
                "client-rate=" + UNLIMITED,
                "--limit",
                "client-burst=" + UNLIMITED));
        Path errors = dataDir.resolve("server-stderr.log");
        Process process =
                new ProcessBuilder(command).redirectError(errors.toFile()).start();
        CompletableFuture<Integer> grpc = new CompletableFuture<>();
        CompletableFuture<Integer> http = new CompletableFuture<>();
        Thread reader = new Thread(() -> readPorts(process, grpc, http), "server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, grpc.get(2, TimeUnit.MINUTES), http.get(1, TimeUnit.MINUTES));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the server did not start; its stderr: " + tail(errors), e);
        }
    }

    /** Reads the announced ports, then drains the output so that the server never blocks on it. */
    private static void readPorts(Process process, CompletableFuture<Integer> grpc, CompletableFuture<Integer> http) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                complete(GRPC_PORT.matcher(line), grpc);
                complete(HTTP_PORT.matcher(line), http);
            }
        } catch (IOException e) {
            grpc.completeExceptionally(e);
        }
        IllegalStateException ended = new IllegalStateException("the server's output ended");
        grpc.completeExceptionally(ended);
        http.completeExceptionally(ended);
    }

    private static void complete(Matcher matcher, CompletableFuture<Integer> port) {
        if (matcher.find()) {
            port.complete(Integer.parseInt(matcher.group(1)));
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    int grpcPort() {
        return grpcPort;
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** The CPU time the server has used so far, all its threads together. */
    long cpuNanos() {
        return process.info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the CPU time of process " + pid() + " is not known"))
                .toNanos();
    }

    /** The process's peak resident set so far (VmHWM), in bytes. */
    long peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmHWM in /proc/" + pid() + "/status");
    }

    /** Stops the server as an operator would (SIGTERM: it closes the store), forcibly after a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
