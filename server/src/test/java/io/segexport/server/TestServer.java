package io.segexport.server;

import java.nio.file.Path;

/** A real all-in-one server on ephemeral ports over a RocksDB folder of the test's. */
final class TestServer implements AutoCloseable {
    static final String TOKEN = "test-dev-token";

    private final Path dataDir;
    private final SegexportServer server;

    private TestServer(Path dataDir, SegexportServer server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    static TestServer start(Path dataDir) throws Exception {
        return new TestServer(dataDir, SegexportServer.start(new ServerConfig(dataDir, 0, 0, TOKEN, 2)));
    }

    /** Stops this server and starts a new one on the same data folder. */
    TestServer restart() throws Exception {
        close();
        return start(dataDir);
    }

    int grpcPort() {
        return server.grpcPort();
    }

    int httpPort() {
        return server.httpPort();
    }

    RestClient rest(Tenant tenant) {
        return new RestClient(httpPort(), tenant);
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
