package io.segexport.client;

import io.segexport.server.SegexportServer;
import io.segexport.server.ServerConfig;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real product, one per test class, on ephemeral ports over a temporary data folder:
 * {@code @RegisterExtension static final RealServer server = RealServer.withWorkers(1);}. Each test
 * asks for clients of fresh tenants, so tests never see each other's data; they are closed after
 * each test.
 */
public final class RealServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    public static final String TOKEN = "client-test-token";

    private final int workers;
    private final List<SegexportClient> clients = new ArrayList<>();
    private Path dataDir;
    private SegexportServer server;

    private RealServer(int workers) {
        this.workers = workers;
    }

    /** A server with this many export workers; 0 leaves every job {@code NEW}. */
    public static RealServer withWorkers(int workers) {
        return new RealServer(workers);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("segexport-client-test");
        // The client rate is out of the way: these tests must not depend on how fast the machine sends.
        server = SegexportServer.start(new ServerConfig(dataDir, 0, 0, TOKEN, workers).withLimits(
                Limits.DEFAULTS.with(Limit.CLIENT_RATE, 1_000_000).with(Limit.CLIENT_BURST, 1_000_000)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(SegexportClient::close);
        clients.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
        deleteRecursively(dataDir);
    }

    public int grpcPort() {
        return server.grpcPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Closes this client after the test. */
    public SegexportClient track(SegexportClient client) {
        clients.add(client);
        return client;
    }

    /** A client of a tenant (org) of its own, which no other test uses. */
    SegexportClient newTenant() {
        return newTenant(RetryPolicy.DEFAULT);
    }

    /** A client of a tenant of its own, with this retry policy. */
    SegexportClient newTenant(RetryPolicy retry) {
        return track(builder(grpcPort(), freshOrg()).retry(retry).build());
    }

    /** A builder with every required setting, for the org on a server of this port. */
    static ClientBuilder builder(int port, String org) {
        return SegexportClient.builder()
                .target("127.0.0.1:" + port)
                .token(TOKEN)
                .apiKey("client-test")
                .org(org)
                .sandbox("prod");
    }

    /** An org id no test has used. */
    public static String freshOrg() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase() + "@AdobeOrg";
    }

    static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
