package io.segexport.server;

import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import java.nio.file.Path;
import java.time.Clock;

/** A real all-in-one server on ephemeral ports over a RocksDB folder of the test's. */
public final class TestServer implements AutoCloseable {
    static final String TOKEN = "test-dev-token";
    /**
     * The default limits but for the client rate, which is out of the way: tests of other things
     * must not depend on how fast the machine sends their requests (ClientRateTest tests the rate).
     */
    public static final Limits LIMITS =
            Limits.DEFAULTS.with(Limit.CLIENT_RATE, 1_000_000).with(Limit.CLIENT_BURST, 1_000_000);

    private final Path dataDir;
    private final int workers;
    private final Limits limits;
    private final Clock clock;
    private final SegexportServer server;

    private TestServer(Path dataDir, int workers, Limits limits, Clock clock, SegexportServer server) {
        this.dataDir = dataDir;
        this.workers = workers;
        this.limits = limits;
        this.clock = clock;
        this.server = server;
    }

    /** A server whose engine is paused (no workers): jobs stay NEW, as the API contract tests want. */
    static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, 0);
    }

    /** A server with this many export workers. */
    static TestServer start(Path dataDir, int workers) throws Exception {
        return start(dataDir, workers, LIMITS);
    }

    /** A server with this many export workers, holding its callers to these limits. */
    static TestServer start(Path dataDir, int workers, Limits limits) throws Exception {
        return start(dataDir, workers, limits, Clock.systemUTC());
    }

    /** A server with this many export workers and these limits, taking the time from {@code clock}. */
    static TestServer start(Path dataDir, int workers, Limits limits, Clock clock) throws Exception {
        return new TestServer(
                dataDir,
                workers,
                limits,
                clock,
                SegexportServer.start(new ServerConfig(dataDir, 0, 0, TOKEN, workers)
                        .withLimits(limits)
                        .withClock(clock)));
    }

    /** Stops this server and starts a new one on the same data folder. */
    TestServer restart() throws Exception {
        close();
        return start(dataDir, workers, limits, clock);
    }

    int grpcPort() {
        return server.grpcPort();
    }

    int httpPort() {
        return server.httpPort();
    }

    /** Every key and value of the store, and the files of the data folder outside it, as they are now. */
    StoreDump storeDump() throws java.io.IOException {
        return StoreDump.of(server.database(), dataDir);
    }

    RestClient rest(Tenant tenant) {
        return new RestClient(httpPort(), tenant);
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
