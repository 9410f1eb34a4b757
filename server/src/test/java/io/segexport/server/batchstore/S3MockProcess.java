package io.segexport.server.batchstore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Adobe's S3Mock, an S3-compatible server, in a process of its own on free local ports, from the jar
 * the build copies into {@code target/s3mock}; its objects in a folder it is given. Its Spring Boot
 * stays out of the tests' class path. Closing it stops the process.
 */
public final class S3MockProcess implements AutoCloseable {
    /** S3Mock accepts any credentials; these are the ones the tests sign with. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test-key", "test-secret"));

    private static final Path JAR = Path.of("target", "s3mock", "s3mock.jar");

    private final Process process;
    private final int port;

    private S3MockProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server with {@code buckets} made, keeping its objects in {@code root}; returns once it serves. */
    public static S3MockProcess start(Path root, String... buckets) throws IOException {
        int httpPort = freePort();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString(),
                "--com.adobe.testing.s3mock.httpPort=" + httpPort,
                "--server.port=" + freePort(),
                "--server.address=127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS", String.join(",", buckets));
        builder.environment()
                .put(
                        "COM_ADOBE_TESTING_S3MOCK_STORE_ROOT",
                        Files.createDirectories(root).toString());
        S3MockProcess s3 = new S3MockProcess(builder.start(), httpPort);
        s3.awaitStarted();
        return s3;
    }

    private void awaitStarted() throws IOException {
        List<String> output = new ArrayList<>();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            output.add(line);
            if (line.contains("Started S3MockApplication")) {
                // Drains the rest of its output, so that the process never blocks on a full pipe.
                Thread drain = new Thread(() -> out.lines().forEach(ignored -> {}), "s3mock-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IOException("S3Mock ended without starting: " + String.join("\n", output));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
