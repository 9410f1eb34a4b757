package io.segexport.client.cli;

import io.segexport.client.SegexportClient;
import io.segexport.server.SegexportServer;
import io.segexport.server.ServerConfig;
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
 * The real product for the CLI tests of one class, on ephemeral ports over a temporary data folder:
 * {@code @RegisterExtension static final LiveServer server = LiveServer.withWorkers(1);}. Each test
 * takes a {@link Tenant} of its own, so tests never see each other's data.
 */
final class LiveServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    static final String TOKEN = "cli-test-token";

    private final int workers;
    private final List<SegexportClient> clients = new ArrayList<>();
    private Path dataDir;
    private SegexportServer server;

    private LiveServer(int workers) {
        this.workers = workers;
    }

    /** A server running this many export jobs at once; 0 leaves every job NEW. */
    static LiveServer withWorkers(int workers) {
        return new LiveServer(workers);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("segexport-cli-test");
        server = SegexportServer.start(new ServerConfig(dataDir, 0, 0, TOKEN, workers));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(SegexportClient::close);
        clients.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** A fresh org of this server. */
    Tenant newTenant() {
        String org = UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase() + "@AdobeOrg";
        return new Tenant("127.0.0.1:" + server.grpcPort(), org, this::register);
    }

    Path dataDir() {
        return dataDir;
    }

    /** The library client a tenant sets things up with, closed after the test. */
    private SegexportClient register(SegexportClient client) {
        clients.add(client);
        return client;
    }
}
