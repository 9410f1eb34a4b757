package io.segexport.server.cluster;

import io.segexport.server.docs.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three real Kafka brokers (KRaft) on free loopback ports, started by {@code scripts/local-cluster
 * brokers}, as people start them; {@link #close} stops them with {@code down}. The script's output
 * and the brokers' logs stay in the folder.
 */
public final class KafkaBrokers implements AutoCloseable {
    private final Path dir;
    private final String bootstrapServers;

    private KafkaBrokers(Path dir, String bootstrapServers) {
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
    }

    static KafkaBrokers start(Path dir) throws IOException, InterruptedException {
        run("brokers", dir);
        return new KafkaBrokers(
                dir, Files.readString(dir.resolve("bootstrap-servers")).trim());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("down", dir);
    }

    private static void run(String command, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("local-cluster.log");
        Process process = new ProcessBuilder(List.of(
                        Repository.root().resolve("scripts/local-cluster").toString(), command, dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("local-cluster " + command + " did not end within 5 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException("local-cluster " + command + " failed: " + Files.readString(log));
        }
    }
}
