package io.segexport.server;

import io.segexport.server.limits.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real server for a whole test class, over a temporary RocksDB folder, with a gRPC client.
 * Register it with {@code @RegisterExtension static final SharedServer server = new SharedServer();}
 * and give each test a {@link Tenant#fresh() fresh tenant} so that tests stay independent.
 */
final class SharedServer implements BeforeAllCallback, AfterAllCallback {
    /** Fills the data folder before the server opens it (e.g. batches, as the export engine writes them). */
    interface Seed {
        void into(Path dataDir) throws Exception;
    }

    private final int workers;
    private final Limits limits;
    private final Seed seed;
    private final Clock clock;
    private Path dataDir;
    private TestServer server;
    private GrpcClient grpc;

    /** A server whose engine is paused: jobs stay NEW. */
    SharedServer() {
        this(0, dataDir -> {});
    }

    /** A server with this many export workers. */
    SharedServer(int workers) {
        this(workers, dataDir -> {});
    }

    /** A paused server over a data folder filled by {@code seed}. */
    SharedServer(Seed seed) {
        this(0, seed);
    }

    /** A server with this many export workers, holding its callers to these limits. */
    SharedServer(int workers, Limits limits) {
        this(workers, limits, dataDir -> {});
    }

    /** A server with this many export workers, taking the time from {@code clock}. */
    SharedServer(int workers, Clock clock) {
        this(workers, TestServer.LIMITS, dataDir -> {}, clock);
    }

    private SharedServer(int workers, Seed seed) {
        this(workers, TestServer.LIMITS, seed);
    }

    private SharedServer(int workers, Limits limits, Seed seed) {
        this(workers, limits, seed, Clock.systemUTC());
    }

    private SharedServer(int workers, Limits limits, Seed seed, Clock clock) {
        this.workers = workers;
        this.limits = limits;
        this.seed = seed;
        this.clock = clock;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("segexport-test");
        seed.into(dataDir);
        server = TestServer.start(dataDir, workers, limits, clock);
        grpc = new GrpcClient(server.grpcPort());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        grpc.close();
        server.close();
        TempFolders.delete(dataDir);
    }

    RestClient rest(Tenant tenant) {
        return server.rest(tenant);
    }

    GrpcClient grpc() {
        return grpc;
    }

    Path dataDir() {
        return dataDir;
    }

    int httpPort() {
        return server.httpPort();
    }

    int grpcPort() {
        return server.grpcPort();
    }
}
