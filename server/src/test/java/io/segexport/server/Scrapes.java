package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalDouble;

/** Reads a server's {@code /metrics} as Prometheus does, and the samples in it; calls its other operator paths. */
final class Scrapes {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Scrapes() {}

    /** {@code GET path} on {@code port}, plain HTTP, with no credentials. */
    static HttpResponse<String> get(int port, String path) {
        return send("GET", port, path);
    }

    /** {@code POST path} on {@code port} with no body, plain HTTP, with no credentials. */
    static HttpResponse<String> post(int port, String path) {
        return send("POST", port, path);
    }

    private static HttpResponse<String> send(String method, int port, String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " on port " + port + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The text of {@code /metrics} on {@code port}, which must answer 200. */
    static String scrape(int port) {
        HttpResponse<String> response = get(port, "/metrics");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The value of the sample {@code series} (a name with its labels, as written), if the scrape has it. */
    static OptionalDouble sample(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * Waits (at most 10 s) until {@code series} on {@code port} is at least {@code atLeast}; meters of a
     * call are recorded as it completes, a moment after its client has the answer.
     */
    static double awaitAtLeast(int port, String series, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String scrape = scrape(port);
        while (sample(scrape, series).orElse(Double.NEGATIVE_INFINITY) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
            scrape = scrape(port);
        }
        assertThat(sample(scrape, series)).as("%s in\n%s", series, scrape).isPresent();
        assertThat(sample(scrape, series).getAsDouble()).as(series).isGreaterThanOrEqualTo(atLeast);
        return sample(scrape, series).getAsDouble();
    }
}
