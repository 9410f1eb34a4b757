package io.segexport.server.batchstore;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A real HTTP proxy in front of an S3-compatible server that answers 503 SlowDown, as S3 does when
 * overloaded, to the first {@code failures} requests a rule matches, and forwards everything else.
 * It records every request's method and path with its query, so tests can count the attempts.
 */
public final class FaultyS3Proxy implements AutoCloseable {
    private static final String SLOW_DOWN = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
            + "<Message>Please reduce your request rate.</Message></Error>";

    private final Server server;
    private final List<String> requests = new ArrayList<>();
    private volatile BiPredicate<HttpMethod, String> rule = (method, path) -> false;
    private final AtomicInteger failuresLeft = new AtomicInteger();

    public FaultyS3Proxy(URI target) {
        WebClient client = WebClient.builder(target)
                .maxResponseLength(0)
                .responseTimeoutMillis(0)
                .build();
        server = Server.builder()
                .http(0)
                .maxRequestLength(0)
                .requestTimeoutMillis(0)
                .serviceUnder("/", (ctx, request) -> {
                    String path = ctx.request().path();
                    synchronized (requests) {
                        requests.add(request.method() + " " + path);
                    }
                    if (rule.test(request.method(), path) && failuresLeft.getAndDecrement() > 0) {
                        // Reads the body first, as a real server does, so that the client sees the answer.
                        return HttpResponse.of(request.aggregate()
                                .thenApply(ignored -> HttpResponse.of(
                                        HttpStatus.SERVICE_UNAVAILABLE, MediaType.XML_UTF_8, SLOW_DOWN)));
                    }
                    return client.execute(HttpRequest.of(
                            request.headers().toBuilder()
                                    .authority(target.getAuthority())
                                    .build(),
                            request));
                })
                .build();
        server.start().join();
    }

    /** Answers 503 to the next {@code failures} requests that {@code rule} matches (method, path with query). */
    public void fail(int failures, BiPredicate<HttpMethod, String> rule) {
        this.failuresLeft.set(failures);
        this.rule = rule;
    }

    /** The requests seen so far, "METHOD /path?query", that contain {@code part}. */
    public List<String> requests(String part) {
        synchronized (requests) {
            return requests.stream().filter(request -> request.contains(part)).toList();
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.activeLocalPort());
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
