package io.segexport.server;

import io.segexport.server.limits.Limits;
import io.segexport.server.tls.TestCertificates;
import io.segexport.server.tls.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test kit's one server extension, for both modules: a real all-in-one server for a whole test
 * class, on ephemeral ports over a temporary RocksDB folder. Register it with
 * {@code @RegisterExtension static final SharedServer server = new SharedServer();} and give each test
 * a {@link Tenant#fresh() fresh tenant} so that tests stay independent. What a test hands to
 * {@link #track} (a client, say) is closed after that test.
 */
public final class SharedServer implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    /** Fills the data folder before the server opens it (e.g. batches, as the export engine writes them). */
    interface Seed {
        void into(Path dataDir) throws Exception;
    }

    private final int workers;
    private final Limits limits;
    private final Seed seed;
    private final Clock clock;
    private final boolean tls;
    private final List<AutoCloseable> tracked = new ArrayList<>();
    private Path dataDir;
    private Path certificatesDir;
    private TestCertificates certificates;
    private TlsFiles tlsFiles;
    private TestServer server;
    private GrpcClient grpc;

    /** A server whose engine is paused: jobs stay NEW. */
    public SharedServer() {
        this(0);
    }

    /** A server with this many export workers. */
    public SharedServer(int workers) {
        this(workers, TestServer.LIMITS);
    }

    /** A paused server over a data folder filled by {@code seed}. */
    SharedServer(Seed seed) {
        this(0, TestServer.LIMITS, seed, Clock.systemUTC(), false);
    }

    /** A server with this many export workers, holding its callers to these limits. */
    public SharedServer(int workers, Limits limits) {
        this(workers, limits, dataDir -> {}, Clock.systemUTC(), false);
    }

    /** A server with this many export workers, taking the time from {@code clock}. */
    public SharedServer(int workers, Clock clock) {
        this(workers, TestServer.LIMITS, dataDir -> {}, clock, false);
    }

    private SharedServer(int workers, Limits limits, Seed seed, Clock clock, boolean tls) {
        this.workers = workers;
        this.limits = limits;
        this.seed = seed;
        this.clock = clock;
        this.tls = tls;
    }

    /**
     * A paused server speaking only TLS, with a certificate for localhost and 127.0.0.1 issued by a CA
     * made for the test class ({@link #caFile()}).
     */
    public static SharedServer withTls() {
        return new SharedServer(0, TestServer.LIMITS, dataDir -> {}, Clock.systemUTC(), true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("segexport-test");
        seed.into(dataDir);
        ServerConfig config =
                TestServer.config(dataDir, workers).withLimits(limits).withClock(clock);
        if (tls) {
            certificatesDir = Files.createTempDirectory("segexport-test-tls");
            certificates = TestCertificates.authority(certificatesDir, "segexport-test");
            tlsFiles = certificates.issueServer();
            config = config.withTls(tlsFiles);
        }
        server = TestServer.start(config);
        if (!tls) {
            grpc = new GrpcClient(server.grpcPort());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable closeable : tracked) {
            closeable.close();
        }
        tracked.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (grpc != null) {
            grpc.close();
        }
        server.close();
        TempFolders.delete(dataDir);
        if (certificatesDir != null) {
            TempFolders.delete(certificatesDir);
        }
    }

    /** Closes {@code closeable} after the test. */
    public <T extends AutoCloseable> T track(T closeable) {
        tracked.add(closeable);
        return closeable;
    }

    RestClient rest(Tenant tenant) {
        return server.rest(tenant);
    }

    /** A plaintext gRPC client of this server (none for a TLS server). */
    GrpcClient grpc() {
        return grpc;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int httpPort() {
        return server.httpPort();
    }

    public int grpcPort() {
        return server.grpcPort();
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
}
