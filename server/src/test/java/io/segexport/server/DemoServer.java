package io.segexport.server;

import io.segexport.server.docs.DocumentedPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The product as {@code --demo --dev-token demo-token} runs it, on ephemeral ports: the server the
 * documentation's examples run against. Tests outside this package (the client's) start it too.
 */
public final class DemoServer implements AutoCloseable {
    /** The development token the documentation sends. */
    public static final String TOKEN = "demo-token";

    /** A data folder holding the freshly seeded world, copied for each server; seeding once saves each test half a minute. */
    private static Path seededWorld;

    private final SegexportServer server;

    private DemoServer(SegexportServer server) {
        this.server = server;
    }

    /** Starts a server over {@code dataDir}, which it fills with a fresh copy of the demo world. */
    public static DemoServer start(Path dataDir) throws Exception {
        copy(seededWorld(), dataDir);
        return new DemoServer(SegexportServer.start(config(dataDir)));
    }

    /**
     * Seeds the demo world, once per JVM, as {@code --demo} does: the server starts once the
     * documented job has ended, so the examples that read it see it as the documentation shows it.
     */
    private static synchronized Path seededWorld() throws Exception {
        if (seededWorld == null) {
            Path dir = Files.createTempDirectory("segexport-demo-world");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TempFolders.delete(dir)));
            SegexportServer.start(config(dir).withDemo()).close();
            seededWorld = dir;
        }
        return seededWorld;
    }

    private static ServerConfig config(Path dataDir) {
        return new ServerConfig(dataDir, 0, 0, TOKEN, 2);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    public DocumentedPorts ports() {
        return new DocumentedPorts(server.httpPort(), server.grpcPort());
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
