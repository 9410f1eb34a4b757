package io.segexport.server;

import static io.segexport.server.HostileBytes.parse;
import static io.segexport.server.HostileBytes.replace;
import static io.segexport.server.HostileCases.BATCH;
import static io.segexport.server.HostileCases.BATCHES;
import static io.segexport.server.HostileCases.BATCH_FILES;
import static io.segexport.server.HostileCases.DATASETS;
import static io.segexport.server.HostileCases.DEFINITIONS;
import static io.segexport.server.HostileCases.ENTITIES;
import static io.segexport.server.HostileCases.FILES;
import static io.segexport.server.HostileCases.IMPORT_BATCHES;
import static io.segexport.server.HostileCases.JOBS;
import static io.segexport.server.HostileCases.POLICIES;
import static io.segexport.server.HostileCases.SHORT_JOBS;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.server.HostileBytes.HexFormatted;
import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.Outcome;
import io.segexport.server.HostileCases.World;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hostile-input cases on an HTTP request's line and target (request lines, ids), and the plumbing
 * every REST family shares: how a request is written and sent, and how an HTTP answer is judged.
 */
final class HostileRequests {
    private HostileRequests() {}

    /** Path tricks, numbers at and beyond int64 and odd characters in every id of a path or query. */
    static void ids(World world, List<Case> cases) {
        List<String> routes = List.of(
                "GET " + JOBS + "/{id}",
                "DELETE " + JOBS + "/{id}",
                "GET " + SHORT_JOBS + "/{id}",
                "DELETE " + SHORT_JOBS + "/{id}",
                "GET " + DATASETS + "/{id}",
                "GET " + BATCHES + "/{id}",
                "GET " + BATCH_FILES + "{id}/files",
                "GET " + FILES + "{id}",
                "GET " + FILES + world.batchId() + "?path={id}",
                "GET " + POLICIES + "/{id}",
                "GET " + DEFINITIONS + "/{id}",
                "DELETE " + DEFINITIONS + "/{id}",
                "GET " + ENTITIES + "?entityIdNS=email&entityId={id}",
                "GET " + ENTITIES + "?entityId=ada@example.com&entityIdNS={id}",
                "GET " + ENTITIES + "?entityId=ada@example.com&entityIdNS=email&mergePolicyId={id}",
                "POST " + IMPORT_BATCHES + "/{id}?action=COMPLETE",
                "POST " + IMPORT_BATCHES + "/{id}?action=ABORT",
                "POST " + IMPORT_BATCHES + "/{id}/datasets/" + world.dataSetId() + "/files/a.json?action=INITIALIZE",
                "PUT " + IMPORT_BATCHES + "/{id}/datasets/" + world.dataSetId() + "/files/a.json",
                "PUT " + IMPORT_BATCHES + "/" + BATCH + "/datasets/" + world.dataSetId() + "/files/{id}",
                "GET " + BATCH_FILES + "{id}/failed",
                "GET " + BATCH_FILES + world.batchId() + "/failed?path={id}",
                "POST /collection/{id}",
                "POST /collection/batch/{id}");
        List<String> tricks = List.of(
                "..",
                "%2e%2e",
                "%2E%2E%2F%2E%2E%2Fsecret.txt",
                "a%2Fb",
                "%00",
                "a%00b",
                "%C0%AE%C0%AE",
                "%FF%FE",
                "%0A",
                "%7F",
                "%5C..%5C",
                "x".repeat(3000),
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775809",
                "1e3",
                "%D9%A1",
                "%zz");
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            for (String trick : tricks) {
                String target = template.replace("{id}", trick);
                String shown = trick.length() > 40 ? trick.length() + " x's" : trick;
                cases.add(new Case(
                        "ids: path tricks, int64 and odd characters",
                        method + " " + template.replace("{id}", shown),
                        () -> rest(world, request(world, method, target), null)));
            }
            for (byte[] raw : List.of(
                    new byte[] {'.', '.', '/', '.', '.'},
                    new byte[] {'a', 0, 'b'},
                    new byte[] {'a', 1, 'b'},
                    new byte[] {(byte) 0xC3, (byte) 0xA9},
                    new byte[] {(byte) 0xFF},
                    new byte[] {'a', ' ', 'b'})) {
                byte[] target = replace(
                        template.getBytes(StandardCharsets.ISO_8859_1),
                        "{id}".getBytes(StandardCharsets.ISO_8859_1),
                        raw);
                cases.add(new Case(
                        "ids: raw bytes in the request target",
                        method + " " + template + " raw " + HexFormatted.of(raw),
                        () -> rest(world, request(world, method, target), null)));
            }
        }
    }

    /** Methods, request targets and versions that break the request line. */
    static void requestLines(World world, List<Case> cases) {
        String family = "request lines: methods, targets, versions";
        Map<String, String> lines = new java.util.LinkedHashMap<>();
        lines.put("an unknown method", "HOSTILE " + JOBS + " HTTP/1.1");
        lines.put("TRACE", "TRACE " + JOBS + " HTTP/1.1");
        lines.put("PUT on the collection", "PUT " + JOBS + " HTTP/1.1");
        lines.put("PATCH on a job", "PATCH " + JOBS + "/" + world.jobId() + " HTTP/1.1");
        lines.put("DELETE on the collection", "DELETE " + JOBS + " HTTP/1.1");
        lines.put("POST on a dataset", "POST " + DATASETS + "/" + world.dataSetId() + " HTTP/1.1");
        lines.put("DELETE on a merge policy", "DELETE " + POLICIES + "/" + world.mergePolicyId() + " HTTP/1.1");
        lines.put(
                "PUT on a segment definition", "PUT " + DEFINITIONS + "/" + world.segmentDefinitionId() + " HTTP/1.1");
        lines.put("DELETE on the segment definitions", "DELETE " + DEFINITIONS + " HTTP/1.1");
        lines.put(
                "DELETE on a profile lookup",
                "DELETE " + ENTITIES + "?entityId=ada@example.com&entityIdNS=email HTTP/1.1");
        lines.put("a lower-case method", "get " + JOBS + " HTTP/1.1");
        lines.put(
                "an absolute target of another host",
                "GET http://evil.example" + JOBS + "/" + world.jobId() + "?limit=0 HTTP/1.1");
        lines.put("the asterisk target", "GET * HTTP/1.1");
        lines.put("a target without a leading slash", "GET export/jobs HTTP/1.1");
        lines.put("a target with backslashes", "GET \\export\\jobs HTTP/1.1");
        lines.put("a target of 10,000 characters", "GET " + JOBS + "/" + "9".repeat(10_000) + " HTTP/1.1");
        lines.put("no version", "GET " + JOBS);
        lines.put("an unknown path", "GET /data/core/ups/hostile HTTP/1.1");
        lines.put("a job path one level too deep", "GET " + JOBS + "/" + world.jobId() + "/more HTTP/1.1");
        lines.put(
                "dot segments climbing above the root",
                "GET /../../data/core/ups/export/jobs/" + world.jobId() + "?limit=0 HTTP/1.1");
        lines.put("encoded dot segments in the path", "GET /data/core/ups/export/%2e%2e/jobs HTTP/1.1");
        for (Map.Entry<String, String> line : lines.entrySet()) {
            byte[] head = rawHead(world, line.getValue(), "");
            cases.add(new Case(
                    family, line.getKey(), () -> rest(RawHttp.exchange(world.httpPort(), head, new byte[0]), null)));
        }
    }

    /**
     * A request head written out by hand, for what {@link RawHttp.Request} cannot send (a broken request line,
     * conflicting framing): the line, the owner's headers, these further header lines, the blank line.
     */
    static byte[] rawHead(World world, String line, String moreHeaders) {
        Tenant owner = world.owner();
        String head = line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer " + owner.token()
                + "\r\nx-api-key: " + owner.apiKey() + "\r\nx-gw-ims-org-id: " + owner.orgId()
                + "\r\nx-sandbox-name: " + owner.sandbox() + "\r\n" + moreHeaders + "\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    static RawHttp.Request request(World world, String method, String target) {
        return request(world, method, target.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static RawHttp.Request request(World world, String method, byte[] target) {
        Tenant owner = world.owner();
        return new RawHttp.Request(method, target)
                .header("Authorization", "Bearer " + owner.token())
                .header("x-api-key", owner.apiKey())
                .header("x-gw-ims-org-id", owner.orgId())
                .header("x-sandbox-name", owner.sandbox())
                .header("Content-Type", "application/json");
    }

    static RawHttp.Request post(World world, String path, byte[] body) {
        return request(world, "POST", path).body(body);
    }

    static Outcome rest(World world, RawHttp.Request request, String mentions) {
        return rest(RawHttp.exchange(world.httpPort(), request), mentions);
    }

    private static boolean everyMessageRefused(JsonNode body) {
        JsonNode responses = body == null ? null : body.path("responses");
        if (responses == null || !responses.isArray() || responses.isEmpty()) {
            return false;
        }
        for (JsonNode response : responses) {
            int status = response.path("status").asInt();
            if (status < 400
                    || status >= 500
                    || response.path("message").asText().isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** Judges an HTTP answer: a 4xx in one of the two documented error shapes (or many messages, each refused). */
    static Outcome rest(RawHttp.Answer answer, String mentions) {
        List<String> problems = new ArrayList<>();
        int status = answer.status();
        if (status < 0) {
            problems.add("no answer: " + answer.failure());
            return new Outcome(-1, null, false, false, problems);
        }
        if (status == 207 && everyMessageRefused(parse(answer.body()))) {
            // Many streamed messages answer 207 with a status each: every one refused is a refusal.
            return new Outcome(status, null, true, false, problems);
        }
        boolean clientError = status >= 400 && status < 500;
        boolean serverError = status >= 500;
        if (!clientError) {
            problems.add("answered " + answer + ", not a 4xx");
            return new Outcome(status, null, false, serverError, problems);
        }
        String contentType = String.valueOf(answer.header("content-type")).toLowerCase(Locale.ROOT);
        JsonNode body = parse(answer.body());
        if (body == null || !body.isObject()) {
            problems.add("the body is not a JSON object: " + answer);
        } else if (contentType.startsWith("application/problem+json")) {
            for (String field : List.of("type", "title", "detail", "requestId")) {
                if (!body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                    problems.add("problem details without a " + field + ": " + body);
                }
            }
            if (body.path("status").asInt() != status || !body.path("status").isInt()) {
                problems.add("problem details whose status is not " + status + ": " + body);
            }
            if (mentions != null && !body.path("detail").asText().contains(mentions)) {
                problems.add("detail does not name " + mentions + ": "
                        + body.path("detail").asText());
            }
        } else if (contentType.startsWith("application/json")) {
            if (!body.path("error_code").isTextual() || !body.path("message").isTextual()) {
                problems.add("neither problem details nor the gateway's {error_code, message}: " + body);
            }
        } else {
            problems.add("content type " + contentType + " is not an error shape: " + answer);
        }
        return new Outcome(status, null, true, false, problems);
    }
}
