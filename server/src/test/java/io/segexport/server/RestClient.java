package io.segexport.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain JDK HTTP client sending the documented headers of one tenant, as the curl examples do. */
final class RestClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    RestClient(int port, Tenant tenant) {
        this("http://127.0.0.1:" + port, HTTP, tenant);
    }

    /** A client of this base address (e.g. {@code https://127.0.0.1:8443}) sending with this HTTP client. */
    RestClient(String base, HttpClient http, Tenant tenant) {
        this.base = base;
        this.http = http;
        headers.put("Authorization", "Bearer " + tenant.token());
        headers.put("x-api-key", tenant.apiKey());
        headers.put("x-gw-ims-org-id", tenant.orgId());
        headers.put("x-sandbox-name", tenant.sandbox());
        headers.put("Content-Type", "application/json");
    }

    /** The same client with one header replaced; a null value removes it. */
    RestClient withHeader(String name, String value) {
        RestClient copy = new RestClient(base, http, new Tenant("x", "x", "x", "x"));
        copy.headers.clear();
        copy.headers.putAll(headers);
        copy.headers.remove(name);
        if (value != null) {
            copy.headers.put(name, value);
        }
        return copy;
    }

    /** Creates a dataset of the profile schema; returns its id. */
    String createDataSet() {
        Response response = post("/data/foundation/catalog/dataSets", """
                {"name": "test", "schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile",
                 "contentType": "application/vnd.adobe.xed+json;version=1"}}""");
        if (response.status() != 200) {
            throw new AssertionError("could not create a dataset: " + response);
        }
        return response.json().get(0).asText().substring("@/dataSets/".length());
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** A GET whose body is kept as bytes (file downloads). */
    BinaryResponse getBytes(String path) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new BinaryResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request whose body is raw bytes of a content type (file uploads), with extra headers as name, value pairs. */
    Response sendBytes(String method, String path, String contentType, byte[] body, String... extraHeaders) {
        RestClient client = withHeader("Content-Type", contentType);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        client.headers.forEach(request::header);
        for (int i = 0; i < extraHeaders.length; i += 2) {
            request.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        return client.exchange(request);
    }

    Response send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return exchange(request);
    }

    private Response exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record BinaryResponse(int status, HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return new Response(status, headers, text()).json();
        }

        @Override
        public String toString() {
            return status + " " + (body.length > 512 ? body.length + " bytes" : text());
        }
    }

    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
