package io.segexport.client;

import io.segexport.server.SegexportServer;
import io.segexport.server.ServerConfig;
import io.segexport.server.TempFolders;
import io.segexport.server.TestServer;
import io.segexport.server.tls.TestCertificates;
import io.segexport.server.tls.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
    private final boolean tls;
    private final List<SegexportClient> clients = new ArrayList<>();
    private Path dataDir;
    private Path certificatesDir;
    private TestCertificates certificates;
    private TlsFiles tlsFiles;
    private SegexportServer server;

    private RealServer(int workers, boolean tls) {
        this.workers = workers;
        this.tls = tls;
    }

    /** A server with this many export workers; 0 leaves every job {@code NEW}. */
    public static RealServer withWorkers(int workers) {
        return new RealServer(workers, false);
    }

    /**
     * A server with no workers speaking only TLS, with a certificate for localhost and 127.0.0.1
     * issued by a CA made for the test class ({@link #caFile()}).
     */
    public static RealServer withTls() {
        return new RealServer(0, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("segexport-client-test");
        ServerConfig config = new ServerConfig(dataDir, 0, 0, TOKEN, workers).withLimits(TestServer.LIMITS);
        if (tls) {
            certificatesDir = Files.createTempDirectory("segexport-client-test-tls");
            certificates = TestCertificates.authority(certificatesDir, "client-test");
            tlsFiles = certificates.issueServer();
            config = config.withTls(tlsFiles);
        }
        server = SegexportServer.start(config);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(SegexportClient::close);
        clients.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
        TempFolders.delete(dataDir);
        if (certificatesDir != null) {
            TempFolders.delete(certificatesDir);
        }
    }

    public int grpcPort() {
        return server.grpcPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The PEM file of the CA that issued a TLS server's certificate. */
    public Path caFile() {
        return certificates.caFile();
    }

    /** A TLS server's certificate and key files. */
    public TlsFiles tlsFiles() {
        return tlsFiles;
    }

    /** Where a TLS server's certificates are; tests may write more files there. */
    public Path certificatesDir() {
        return certificatesDir;
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
}
