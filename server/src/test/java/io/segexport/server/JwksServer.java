package io.segexport.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A key server for tests: the JDK's HTTP server on a loopback ephemeral port serving a JWK set at
 * {@code /jwks.json} that the test may change (a key rotation) or break, counting the fetches.
 */
public final class JwksServer implements AutoCloseable {
    private final HttpServer http;
    private final AtomicReference<String> jwks;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int status = 200;

    public JwksServer(String jwks) throws IOException {
        this.jwks = new AtomicReference<>(jwks);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = (status == 200 ? this.jwks.get() : "{\"error\": \"down\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/jwks.json");
    }

    /** Serves another JWK set from now on. */
    public void serve(String jwks) {
        this.jwks.set(jwks);
    }

    /** Answers this HTTP status (with no JWK set) from now on; 200 serves the set again. */
    public void answer(int status) {
        this.status = status;
    }

    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
