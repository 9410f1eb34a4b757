package io.segexport.server;

import static io.segexport.server.HostileBodies.bodyEndpoints;
import static io.segexport.server.HostileBytes.concat;
import static io.segexport.server.HostileBytes.replace;
import static io.segexport.server.HostileCases.BATCH;
import static io.segexport.server.HostileCases.BATCHES;
import static io.segexport.server.HostileCases.BATCH_FILES;
import static io.segexport.server.HostileCases.DATASETS;
import static io.segexport.server.HostileCases.DEFINITIONS;
import static io.segexport.server.HostileCases.ENTITIES;
import static io.segexport.server.HostileCases.FILES;
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
import java.util.function.UnaryOperator;

/**
 * The hostile-input cases on an HTTP request but its body's fields (content types, ids, queries, headers,
 * request lines), and how an HTTP answer is judged.
 */
final class HostileRequests {
    private HostileRequests() {}

    /** Content types and body framings that a POST must not be taken with. */
    static void contentTypes(World world, List<Case> cases) {
        byte[] body = bodyEndpoints().get(0).body(List.of()).toString().getBytes(StandardCharsets.UTF_8);
        String family = "headers: content type and framing";
        Map<String, UnaryOperator<RawHttp.Request>> attacks = new java.util.LinkedHashMap<>();
        attacks.put("Content-Type text/plain", r -> r.without("Content-Type").header("Content-Type", "text/plain"));
        attacks.put("no Content-Type", r -> r.without("Content-Type"));
        attacks.put("empty Content-Type", r -> r.without("Content-Type").header("Content-Type", ""));
        attacks.put("two Content-Types (json, text)", r -> r.header("Content-Type", "text/plain"));
        attacks.put(
                "two Content-Types (text, json)",
                r -> r.without("Content-Type")
                        .header("Content-Type", "text/plain")
                        .header("Content-Type", "application/json"));
        attacks.put(
                "form-urlencoded",
                r -> r.without("Content-Type").header("Content-Type", "application/x-www-form-urlencoded"));
        attacks.put(
                "multipart", r -> r.without("Content-Type").header("Content-Type", "multipart/form-data; boundary=x"));
        attacks.put(
                "json with charset UTF-16 on UTF-8 bytes",
                r -> r.without("Content-Type").header("Content-Type", "application/json; charset=utf-16"));
        attacks.put(
                "json with an unknown charset",
                r -> r.without("Content-Type").header("Content-Type", "application/json; charset=hostile"));
        attacks.put(
                "a Content-Type of 2,000 parameters",
                r -> r.without("Content-Type").header("Content-Type", "application/json" + "; p=v".repeat(2000)));
        attacks.put("Content-Encoding gzip on a plain body", r -> r.header("Content-Encoding", "gzip"));
        attacks.put("Content-Encoding unknown", r -> r.header("Content-Encoding", "hostile"));
        for (Map.Entry<String, UnaryOperator<RawHttp.Request>> attack : attacks.entrySet()) {
            cases.add(new Case(
                    family,
                    "POST " + JOBS + " " + attack.getKey(),
                    () -> rest(world, attack.getValue().apply(post(world, JOBS, body)), null)));
        }
        Map<String, byte[]> framings = new java.util.LinkedHashMap<>();
        framings.put(
                "Content-Length and Transfer-Encoding both",
                concat(
                        head(world, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
                        "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        framings.put("a body that never arrives (the request times out)", head(world, "Content-Length: 100\r\n"));
        framings.put("two different Content-Lengths", head(world, "Content-Length: 5\r\nContent-Length: 6\r\n"));
        framings.put("a negative Content-Length", head(world, "Content-Length: -5\r\n"));
        framings.put("a Content-Length beyond int64", head(world, "Content-Length: 99999999999999999999999\r\n"));
        framings.put("a Content-Length that is no number", head(world, "Content-Length: abc\r\n"));
        framings.put(
                "a malformed chunk size",
                concat(
                        head(world, "Transfer-Encoding: chunked\r\n"),
                        "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        framings.put(
                "a chunk size beyond int64",
                concat(
                        head(world, "Transfer-Encoding: chunked\r\n"),
                        "ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        framings.put("Transfer-Encoding unknown", head(world, "Transfer-Encoding: hostile\r\n"));
        for (Map.Entry<String, byte[]> framing : framings.entrySet()) {
            cases.add(new Case(
                    family,
                    "POST " + JOBS + " " + framing.getKey(),
                    () -> rest(RawHttp.exchange(world.httpPort(), framing.getValue(), new byte[0]), null)));
        }
    }

    /** The head of a POST with the owner's headers and the given framing lines, ending the head. */
    private static byte[] head(World world, String framing) {
        String head = "POST " + JOBS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Authorization: Bearer " + world.owner().token() + "\r\nx-api-key: "
                + world.owner().apiKey()
                + "\r\nx-gw-ims-org-id: " + world.owner().orgId() + "\r\nx-sandbox-name: "
                + world.owner().sandbox()
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

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
                "GET " + ENTITIES + "?entityId=ada@example.com&entityIdNS=email&mergePolicyId={id}");
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

    /** Hostile values of every query parameter of every listing and lookup. */
    static void queries(World world, List<Case> cases) {
        Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
        parameters.put(JOBS, List.of("limit", "offset", "status"));
        parameters.put(SHORT_JOBS, List.of("limit", "offset", "status"));
        parameters.put(DATASETS, List.of("limit", "start"));
        parameters.put(POLICIES, List.of("limit", "start"));
        parameters.put(DEFINITIONS, List.of("limit", "start"));
        parameters.put(BATCH_FILES + BATCH + "/files", List.of("limit"));
        parameters.put(FILES + BATCH, List.of("limit", "start"));
        List<String> limits = List.of(
                "abc",
                "",
                "-1",
                "0",
                "1001",
                "2147483648",
                "9223372036854775808",
                "1e3",
                "0x10",
                "%00",
                "1%00",
                "%D9%A1",
                "1.5",
                "99999999999999999999999999999");
        List<String> texts = List.of(
                "%00", "..", "x".repeat(2500), "%FF", "%0D%0AX-Injected:%201", "%C0%AE", "DONE%00", "a%2F..%2Fb");
        for (Map.Entry<String, List<String>> endpoint : parameters.entrySet()) {
            for (String parameter : endpoint.getValue()) {
                List<String> values = parameter.equals("limit") ? limits : texts;
                for (String value : values) {
                    if (!parameter.equals("limit") && endpoint.getKey().equals(FILES + BATCH) && value.equals("..")) {
                        continue;
                    }
                    String target = endpoint.getKey() + "?" + parameter + "=" + value;
                    String shown = value.length() > 40 ? value.length() + " x's" : value;
                    cases.add(new Case(
                            "queries: hostile parameter values",
                            "GET " + endpoint.getKey() + "?" + parameter + "=" + shown,
                            () -> rest(world, request(world, "GET", target), null)));
                }
            }
            cases.add(new Case(
                    "queries: repeated parameters",
                    "GET " + endpoint.getKey() + "?limit=1&limit=2",
                    () -> rest(world, request(world, "GET", endpoint.getKey() + "?limit=1&limit=2"), null)));
        }
        cases.add(new Case(
                "queries: repeated parameters",
                "GET " + ENTITIES + " entityId twice",
                () -> rest(
                        world,
                        request(
                                world,
                                "GET",
                                ENTITIES + "?entityId=ada@example.com&entityId=bob@example.com&entityIdNS=email"),
                        null)));
        cases.add(new Case(
                "queries: repeated parameters",
                "GET " + FILES + BATCH + " path twice",
                () -> rest(
                        world,
                        request(world, "GET", FILES + BATCH + "?path=part-00000.json&path=part-00000.json"),
                        null)));
        cases.add(new Case(
                "queries: hostile parameter values",
                "GET " + ENTITIES + " without entityId",
                () -> rest(world, request(world, "GET", ENTITIES + "?entityIdNS=email"), null)));
    }

    /** Repeated, empty, huge and malformed headers. */
    static void headers(World world, List<Case> cases) {
        Tenant owner = world.owner();
        Tenant other = world.other();
        Map<String, UnaryOperator<RawHttp.Request>> attacks = new java.util.LinkedHashMap<>();
        attacks.put("Authorization twice (valid, invalid)", r -> r.header("Authorization", "Bearer not-the-token"));
        attacks.put(
                "Authorization twice (invalid, valid)",
                r -> r.without("Authorization")
                        .header("Authorization", "Bearer not-the-token")
                        .header("Authorization", "Bearer " + owner.token()));
        attacks.put("Authorization empty", r -> r.without("Authorization").header("Authorization", ""));
        attacks.put(
                "Authorization 'Bearer ' without a token",
                r -> r.without("Authorization").header("Authorization", "Bearer "));
        attacks.put(
                "Authorization of 6,000 characters",
                r -> r.without("Authorization").header("Authorization", "Bearer " + "t".repeat(6000)));
        attacks.put(
                "Authorization with a raw 0xFF byte",
                r -> r.without("Authorization")
                        .headerLine(concat(
                                "Authorization: Bearer ".getBytes(StandardCharsets.ISO_8859_1),
                                new byte[] {(byte) 0xFF})));
        attacks.put("x-api-key twice", r -> r.header("x-api-key", "another-client"));
        attacks.put("x-api-key empty", r -> r.without("x-api-key").header("x-api-key", ""));
        attacks.put("x-api-key of 9,000 characters", r -> r.without("x-api-key").header("x-api-key", "k".repeat(9000)));
        attacks.put("x-gw-ims-org-id twice (owner, other)", r -> r.header("x-gw-ims-org-id", other.orgId()));
        attacks.put(
                "x-gw-ims-org-id twice (other, owner)",
                r -> r.without("x-gw-ims-org-id")
                        .header("x-gw-ims-org-id", other.orgId())
                        .header("x-gw-ims-org-id", owner.orgId()));
        attacks.put("x-gw-ims-org-id twice, the same", r -> r.header("x-gw-ims-org-id", owner.orgId()));
        attacks.put("x-gw-ims-org-id empty", r -> r.without("x-gw-ims-org-id").header("x-gw-ims-org-id", ""));
        attacks.put("x-gw-ims-org-id '..'", r -> r.without("x-gw-ims-org-id").header("x-gw-ims-org-id", ".."));
        attacks.put(
                "x-gw-ims-org-id '../other'",
                r -> r.without("x-gw-ims-org-id").header("x-gw-ims-org-id", "../" + other.orgId()));
        attacks.put(
                "x-gw-ims-org-id of 3,000 characters",
                r -> r.without("x-gw-ims-org-id").header("x-gw-ims-org-id", "o".repeat(3000)));
        attacks.put(
                "x-gw-ims-org-id with raw UTF-8",
                r -> r.without("x-gw-ims-org-id")
                        .headerLine(concat(
                                "x-gw-ims-org-id: ".getBytes(StandardCharsets.ISO_8859_1),
                                "org\u00e9@AdobeOrg".getBytes(StandardCharsets.UTF_8))));
        attacks.put("x-sandbox-name twice (prod, dev)", r -> r.header("x-sandbox-name", "dev"));
        attacks.put("x-sandbox-name empty", r -> r.without("x-sandbox-name").header("x-sandbox-name", ""));
        attacks.put(
                "x-sandbox-name 'prod/../dev'",
                r -> r.without("x-sandbox-name").header("x-sandbox-name", "prod/../dev"));
        attacks.put("x-sandbox-name '%2e%2e'", r -> r.without("x-sandbox-name").header("x-sandbox-name", "%2e%2e"));
        attacks.put(
                "x-sandbox-name with a raw 0xC3 0x28",
                r -> r.without("x-sandbox-name")
                        .headerLine(concat(
                                "x-sandbox-name: ".getBytes(StandardCharsets.ISO_8859_1),
                                new byte[] {(byte) 0xC3, 0x28})));
        attacks.put(
                "a NUL in a header value",
                r -> r.without("x-api-key").headerLine("x-api-key: a\u0000b".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put(
                "a control character in a header value",
                r -> r.without("x-api-key").headerLine("x-api-key: a\u0001b".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("a header of 20,000 characters", r -> r.header("x-hostile", "h".repeat(20_000)));
        attacks.put("1,000 headers", r -> {
            for (int i = 0; i < 1000; i++) {
                r.header("x-hostile-" + i, "v");
            }
            return r;
        });
        attacks.put(
                "a header name with a space", r -> r.headerLine("x hostile: v".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put(
                "a header line without a colon", r -> r.headerLine("x-hostile".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put(
                "an obsolete folded line continuing x-gw-ims-org-id",
                r -> r.without("x-gw-ims-org-id")
                        .header("x-gw-ims-org-id", owner.orgId())
                        .headerLine("\tfolded".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("a header with an empty name", r -> r.headerLine(": v".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put(
                "x-request-id of 5,000 characters with no token",
                r -> r.without("Authorization").header("x-request-id", "r".repeat(5000)));
        attacks.put(
                "x-request-id with a control character and no token",
                r -> r.without("Authorization")
                        .headerLine("x-request-id: a\u0002b".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put(
                "Expect: 100-continue on a GET with no token",
                r -> r.without("Authorization").header("Expect", "100-continue"));
        attacks.put("Expect unknown", r -> r.header("Expect", "hostile"));
        List<String> targets = List.of(
                "GET " + JOBS,
                "DELETE " + JOBS + "/" + world.jobId(),
                "GET " + FILES + BATCH + "?path=part-00000.json");
        for (Map.Entry<String, UnaryOperator<RawHttp.Request>> attack : attacks.entrySet()) {
            for (String target : targets) {
                String method = target.substring(0, target.indexOf(' '));
                String path = target.substring(target.indexOf(' ') + 1);
                cases.add(new Case(
                        "headers: repeated, empty, huge, malformed",
                        target + " " + attack.getKey(),
                        () -> rest(world, attack.getValue().apply(request(world, method, path)), null)));
            }
        }
        for (String range : List.of(
                "bytes=999999-", "bytes=9223372036854775807-", "bytes=9223372036854775806-9223372036854775807")) {
            cases.add(new Case(
                    "headers: repeated, empty, huge, malformed",
                    "GET " + FILES + BATCH + " Range " + range,
                    () -> rest(
                            world,
                            request(world, "GET", FILES + BATCH + "?path=part-00000.json")
                                    .header("Range", range),
                            null)));
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
            byte[] head = concat(
                    line.getValue(),
                    ("\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
                                    + world.owner().token() + "\r\nx-api-key: "
                                    + world.owner().apiKey() + "\r\nx-gw-ims-org-id: "
                                    + world.owner().orgId() + "\r\nx-sandbox-name: "
                                    + world.owner().sandbox() + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            cases.add(new Case(
                    family, line.getKey(), () -> rest(RawHttp.exchange(world.httpPort(), head, new byte[0]), null)));
        }
    }

    private static RawHttp.Request request(World world, String method, String target) {
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

    /** Judges an HTTP answer: a 4xx in one of the two documented error shapes. */
    static Outcome rest(RawHttp.Answer answer, String mentions) {
        List<String> problems = new ArrayList<>();
        int status = answer.status();
        if (status < 0) {
            problems.add("no answer: " + answer.failure());
            return new Outcome(-1, null, false, false, problems);
        }
        boolean clientError = status >= 400 && status < 500;
        boolean serverError = status >= 500;
        if (!clientError) {
            problems.add("answered " + answer + ", not a 4xx");
            return new Outcome(status, null, false, serverError, problems);
        }
        String contentType = String.valueOf(answer.header("content-type")).toLowerCase(Locale.ROOT);
        JsonNode body = HostileInputTest.parse(answer.body());
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
