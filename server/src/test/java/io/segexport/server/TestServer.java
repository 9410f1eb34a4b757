package io.segexport.server;

import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import java.nio.file.Path;

/** A real all-in-one server on ephemeral ports over a RocksDB folder of the test's. */
public final class TestServer implements AutoCloseable {
    /** The development token every test server accepts. */
    public static final String TOKEN = "test-dev-token";
    /**
     * The default limits but for the client rate, which is out of the way: tests of other things
     * must not depend on how fast the machine sends their requests (ClientRateTest tests the rate).
     */
    public static final Limits LIMITS =
            Limits.DEFAULTS.with(Limit.CLIENT_RATE, 1_000_000).with(Limit.CLIENT_BURST, 1_000_000);

    private final ServerConfig config;
    private final SegexportServer server;

    private TestServer(ServerConfig config, SegexportServer server) {
        this.config = config;
        this.server = server;
    }

    /** The configuration of a test server: ephemeral ports, the test token, {@link #LIMITS}. */
    static ServerConfig config(Path dataDir, int workers) {
        return new ServerConfig(dataDir, 0, 0, TOKEN, workers).withLimits(LIMITS);
    }

    /** A server whose engine is paused (no workers): jobs stay NEW, as the API contract tests want. */
    static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, 0);
    }

    /** A server with this many export workers. */
    static TestServer start(Path dataDir, int workers) throws Exception {
        return start(config(dataDir, workers));
    }

    /** A server with this many export workers, holding its callers to these limits. */
    static TestServer start(Path dataDir, int workers, Limits limits) throws Exception {
        return start(config(dataDir, workers).withLimits(limits));
    }

    static TestServer start(ServerConfig config) throws Exception {
        return new TestServer(config, SegexportServer.start(config));
    }

    /** Stops this server and starts a new one on the same data folder. */
    TestServer restart() throws Exception {
        close();
        return start(config);
    }

    int grpcPort() {
        return server.grpcPort();
    }

    int httpPort() {
        return server.httpPort();
    }

    /** Every key and value of the store, and the files of the data folder outside it, as they are now. */
    StoreDump storeDump() throws java.io.IOException {
        return StoreDump.of(server.database(), config.dataDir());
    }

    RestClient rest(Tenant tenant) {
        return new RestClient(httpPort(), tenant);
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
