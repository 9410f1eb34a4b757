package io.segexport.server;

import static io.segexport.server.HostileBodies.bodyEndpoints;
import static io.segexport.server.HostileBytes.concat;
import static io.segexport.server.HostileCases.BATCH;
import static io.segexport.server.HostileCases.FILES;
import static io.segexport.server.HostileCases.JOBS;
import static io.segexport.server.HostileRequests.post;
import static io.segexport.server.HostileRequests.rawHead;
import static io.segexport.server.HostileRequests.request;
import static io.segexport.server.HostileRequests.rest;

import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.World;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The hostile-input cases on an HTTP request's headers: content types and body framings, and the
 * tenant's and other headers repeated, empty, huge or malformed.
 */
final class HostileHeaders {
    private HostileHeaders() {}

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
        return rawHead(world, "POST " + JOBS + " HTTP/1.1", "Content-Type: application/json\r\n" + framing);
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
}
