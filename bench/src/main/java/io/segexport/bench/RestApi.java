package io.segexport.bench;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The server's REST face as one tenant, through Armeria's asynchronous WebClient. */
final class RestApi {
    private final WebClient client;

    RestApi(int port, BenchTenant tenant) {
        this.client = WebClient.builder("http://127.0.0.1:" + port)
                .addHeaders(tenant.restHeaders())
                .responseTimeout(Duration.ofMinutes(10))
                .writeTimeout(Duration.ofMinutes(10))
                .maxResponseLength(64 << 20)
                .build();
    }

    /** GET {@code path}; fails unless it answers 2xx. */
    CompletableFuture<AggregatedHttpResponse> get(String path) {
        return ok(client.get(path).aggregate(), path);
    }

    /** POST a JSON body to {@code path}; fails unless it answers 2xx. */
    CompletableFuture<AggregatedHttpResponse> post(String path, byte[] json) {
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
                .contentType(MediaType.JSON_UTF_8)
                .build();
        return ok(client.execute(headers, json).aggregate(), path);
    }

    /** PUT a file's bytes to {@code path}, streamed from disk; fails unless it answers 2xx. */
    CompletableFuture<AggregatedHttpResponse> put(String path, Path file) {
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.PUT, path)
                .contentType(MediaType.OCTET_STREAM)
                .build();
        return ok(
                client.execute(HttpRequest.of(headers, StreamMessage.of(file))).aggregate(), path);
    }

    private static CompletableFuture<AggregatedHttpResponse> ok(
            CompletableFuture<AggregatedHttpResponse> response, String path) {
        return response.thenApply(answer -> {
            if (!answer.status().isSuccess()) {
                throw new IllegalStateException(path + " answered " + answer.status() + ": " + answer.contentUtf8());
            }
            return answer;
        });
    }
}
