package io.segexport.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Struct;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.segexport.v1.ApiServices;
import io.segexport.v1.CreateDataSetRequest;
import io.segexport.v1.DataSet;
import io.segexport.v1.ExportJob;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.SegmentDefinition;
import io.segexport.v1.SerializedMessages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The catalogue of the hostile-input suite: the endpoints, the attacks, and how a case is sent and
 * judged. Every body a case sends carries a <em>sentinel</em>, one value that is wrong only where the
 * service checks last (an unknown dataset, a repeated dataset in a merge order, a control character in
 * the last checked field), so that a mutation which happens to leave a valid request (a JSON null in
 * an optional field is "not given") is still refused and can store nothing.
 */
final class HostileCases {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String JOBS = "/data/core/ups/export/jobs";
    static final String SHORT_JOBS = "/export/jobs";
    static final String DATASETS = "/data/foundation/catalog/dataSets";
    static final String BATCHES = "/data/foundation/catalog/batches";
    static final String BATCH_FILES = "/data/foundation/export/batches/";
    static final String FILES = "/data/foundation/export/files/";
    static final String POLICIES = "/data/core/ups/config/mergePolicies";
    static final String DEFINITIONS = "/data/core/ups/segment/definitions";
    static final String PROFILES = "/data/core/ups/ingest/profiles";
    static final String EVENTS = "/data/core/ups/ingest/events";
    static final String ENTITIES = "/data/core/ups/access/entities";
    /** A well-formed dataset id that names no dataset: the sentinel of job creation and ingestion. */
    static final String UNKNOWN_DATASET = "0000000000000000deadbeef";
    static final String BATCH = "4057113b4057113b4057113b4057113b";
    static final int FIVE_MIB = 5 << 20;

    private HostileCases() {}

    /** What the cases attack: the owner's seeded dataset, merge policy, segment definition, job, batch and profile. */
    record World(Tenant owner, Tenant other, String dataSetId, String mergePolicyId, String segmentDefinitionId, long jobId,
                 String batchId, int httpPort, GrpcClient grpc) {}

    /** One hostile request: its family (the attack), its name (the endpoint and variant), how to send it. */
    record Case(String family, String name, Supplier<Outcome> send) {}

    /**
     * What came back: an HTTP status (0 over gRPC) or a gRPC code, and what is wrong with it (empty
     * when it is a documented 4xx).
     */
    record Outcome(int httpStatus, String grpcCode, boolean clientError, boolean serverError, List<String> problems) {
        @Override
        public String toString() {
            return (httpStatus != 0 ? "HTTP " + httpStatus : "gRPC " + grpcCode) + (problems.isEmpty() ? "" : " " + problems);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The world
    // ---------------------------------------------------------------------------------------------

    /** A succeeded batch of the owner's, with one part, written before the server opens the folder. */
    static void seedBatch(Path dataDir, Tenant owner) throws Exception {
        try (ExportedBatches batches = ExportedBatches.open(dataDir)) {
            batches.put(owner, BATCH, UNKNOWN_DATASET, Map.of("part-00000.json", ExportedBatches.rows("a@example.com")));
        }
    }

    /**
     * Seeds through the API: a dataset, profiles and events in it, a merge policy, a segment definition
     * and a job (NEW: no workers).
     */
    static World seed(TestServer server, Tenant owner) throws Exception {
        RestClient rest = server.rest(owner);
        String dataSet = rest.createDataSet();
        expect(rest.post(PROFILES, Ingest.body(dataSet,
                Ingest.record("email", "ada@example.com", "'person': {'name': {'firstName': 'Ada'}}"),
                Ingest.record("email", "bob@example.com", "'segmentMembership': {'ups': {'s1': {'status': 'realized'}}}"))), 200);
        expect(rest.post(EVENTS, Ingest.body(dataSet,
                Ingest.record("email", "ada@example.com", "'timestamp': '2024-01-01T00:00:00Z'"))), 200);
        RestClient.Response policy = expect(rest.post(POLICIES, """
                {"name": "seeded", "schema": {"name": "_xdm.context.profile"}, "identityGraph": {"type": "none"},
                 "attributeMerge": {"type": "dataSetPrecedence", "order": ["%s"]}, "default": false}""".formatted(dataSet)), 200);
        RestClient.Response definition = expect(rest.post(DEFINITIONS, SegmentDefinitionTest.definition("seeded", "a = 1")), 200);
        RestClient.Response job = expect(rest.post(JOBS, Requests.minimalCreate(dataSet)), 200);
        return new World(owner, Tenant.fresh(), dataSet, policy.json().get("id").asText(), definition.json().get("id").asText(),
                job.json().get("id").asLong(), BATCH, server.httpPort(), new GrpcClient(server.grpcPort()));
    }

    private static RestClient.Response expect(RestClient.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("seeding answered " + response);
        }
        return response;
    }

    // ---------------------------------------------------------------------------------------------
    // REST
    // ---------------------------------------------------------------------------------------------

    /** A body endpoint: its path, its body's message type, and its body with the sentinels. */
    private record BodyEndpoint(String name, String path, Descriptor type, String base, List<Sentinel> sentinels) {
        /** The base body with the first sentinel that the mutation at {@code path} leaves alone. */
        ObjectNode body(List<Object> mutated) {
            ObjectNode body = (ObjectNode) tree(base);
            for (Sentinel sentinel : sentinels) {
                if (!overlaps(sentinel.path(), mutated)) {
                    set(body, sentinel.path(), sentinel.value());
                    return body;
                }
            }
            // The mutation is of the field every sentinel is in: a required field, so the body is refused anyway.
            return body;
        }
    }

    private record Sentinel(List<Object> path, JsonNode value) {}

    private static List<BodyEndpoint> bodyEndpoints() {
        String job = """
                {"destination": {"datasetId": "%s", "segmentPerBatch": false}, "schema": {"name": "_xdm.context.profile"},
                 "fields": "identities.id,person.name", "mergePolicy": {"id": "timestampOrdered-none-mp", "version": 1},
                 "filter": {"segments": [{"segmentId": "s1", "segmentNs": "ups", "status": ["realized"]}],
                   "segmentQualificationTime": {"startTime": "2018-01-01T00:00:00Z", "endTime": "2018-02-01T00:00:00Z"},
                   "fromIngestTimestamp": "2018-01-01T00:00:00Z", "emptyProfiles": true},
                 "additionalFields": {"eventList": {"fields": "_id", "filter": {"fromIngestTimestamp": "2018-01-01T00:00:00Z",
                   "toIngestTimestamp": "2020-01-01T00:00:00Z"}}},
                 "evaluationInfo": {"segmentation": true}}""".formatted(UNKNOWN_DATASET);
        List<Sentinel> jobSentinels = List.of(
                new Sentinel(List.of("destination", "datasetId"), NODES.textNode(UNKNOWN_DATASET)),
                new Sentinel(List.of("mergePolicy", "id"), NODES.textNode("no-such-merge-policy")));
        String dataSet = """
                {"name": "hostile", "description": "a dataset that must never exist",
                 "schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile", "contentType": "application/json"}}""";
        List<Sentinel> dataSetSentinels = List.of(
                new Sentinel(List.of("schemaRef", "contentType"), NODES.textNode("application/\u0001json")),
                new Sentinel(List.of("description"), NODES.textNode("control \u0007 character")));
        String policy = """
                {"name": "hostile", "schema": {"name": "_xdm.context.profile"}, "identityGraph": {"type": "none"},
                 "attributeMerge": {"type": "dataSetPrecedence", "order": ["a", "b"]}, "default": false}""";
        List<Sentinel> policySentinels = List.of(
                new Sentinel(List.of("attributeMerge", "order"), tree("[\"repeated\", \"repeated\"]")),
                new Sentinel(List.of("schema", "name"), NODES.textNode("_xdm.context.experienceevent")));
        String definition = """
                {"name": "hostile", "description": "a definition that must never exist", "schema": {"name": "_xdm.context.profile"},
                 "expression": {"type": "PQL", "format": "pql/text", "value": "person.age >= 21"},
                 "mergePolicyId": "timestampOrdered-none-mp"}""";
        List<Sentinel> definitionSentinels = List.of(
                new Sentinel(List.of("mergePolicyId"), NODES.textNode("no-such-merge-policy")),
                new Sentinel(List.of("expression", "value"), NODES.textNode("person.age >= (")));
        String ingest = """
                {"datasetId": "%s", "records": [{"identityMap": {"email": [{"id": "hostile@example.com"}]},
                  "timestamp": "2024-01-01T00:00:00Z"}]}""".formatted(UNKNOWN_DATASET);
        List<Sentinel> ingestSentinels = List.of(new Sentinel(List.of("datasetId"), NODES.textNode(UNKNOWN_DATASET)));
        return List.of(
                new BodyEndpoint("POST " + JOBS, JOBS, ExportJob.getDescriptor(), job, jobSentinels),
                new BodyEndpoint("POST " + SHORT_JOBS, SHORT_JOBS, ExportJob.getDescriptor(), job, jobSentinels),
                new BodyEndpoint("POST " + DATASETS, DATASETS, DataSet.getDescriptor(), dataSet, dataSetSentinels),
                new BodyEndpoint("POST " + POLICIES, POLICIES, MergePolicy.getDescriptor(), policy, policySentinels),
                new BodyEndpoint("POST " + DEFINITIONS, DEFINITIONS, SegmentDefinition.getDescriptor(), definition, definitionSentinels),
                new BodyEndpoint("POST " + PROFILES, PROFILES, IngestRequest.getDescriptor(), ingest, ingestSentinels),
                new BodyEndpoint("POST " + EVENTS, EVENTS, IngestRequest.getDescriptor(), ingest, ingestSentinels));
    }

    static List<Case> rest(World world) {
        List<Case> cases = new ArrayList<>();
        List<BodyEndpoint> bodies = bodyEndpoints();
        for (BodyEndpoint endpoint : bodies) {
            bodyStructure(world, endpoint, cases);
        }
        for (BodyEndpoint endpoint : bodies) {
            if (!endpoint.path().equals(SHORT_JOBS)) {
                fieldMutations(world, endpoint, cases);
            }
        }
        contentTypes(world, cases);
        ids(world, cases);
        queries(world, cases);
        headers(world, cases);
        requestLines(world, cases);
        return cases;
    }

    /** Malformed, truncated, deep, huge and mis-encoded bodies. */
    private static void bodyStructure(World world, BodyEndpoint endpoint, List<Case> cases) {
        String valid = endpoint.body(List.of()).toString();
        byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
        String family = "body: ";
        Map<String, byte[]> attacks = new java.util.LinkedHashMap<>();
        attacks.put("malformed: trailing comma", (valid.substring(0, valid.length() - 1) + ",}").getBytes(StandardCharsets.UTF_8));
        attacks.put("malformed: single quotes", valid.replace('"', '\'').getBytes(StandardCharsets.UTF_8));
        attacks.put("malformed: unquoted keys", valid.replaceAll("\"(\\w+)\":", "$1:").getBytes(StandardCharsets.UTF_8));
        attacks.put("malformed: a bare word", "{nope}".getBytes(StandardCharsets.UTF_8));
        attacks.put("malformed: a comment", ("/* hi */" + valid).getBytes(StandardCharsets.UTF_8));
        attacks.put("truncated to a quarter", Arrays.copyOf(utf8, utf8.length / 4));
        attacks.put("truncated to a half", Arrays.copyOf(utf8, utf8.length / 2));
        attacks.put("truncated by its last byte", Arrays.copyOf(utf8, utf8.length - 1));
        attacks.put("empty", new byte[0]);
        attacks.put("whitespace only", " \n\t\r ".getBytes(StandardCharsets.UTF_8));
        attacks.put("a JSON array", ("[" + valid + "]").getBytes(StandardCharsets.UTF_8));
        attacks.put("a JSON string", "\"hostile\"".getBytes(StandardCharsets.UTF_8));
        attacks.put("a JSON number beyond double", "1e400".getBytes(StandardCharsets.UTF_8));
        attacks.put("JSON true", "true".getBytes(StandardCharsets.UTF_8));
        attacks.put("JSON null", "null".getBytes(StandardCharsets.UTF_8));
        attacks.put("a second object after the first", (valid + " {}").getBytes(StandardCharsets.UTF_8));
        attacks.put("garbage after the object", (valid + "garbage").getBytes(StandardCharsets.UTF_8));
        attacks.put("nested 100,000 arrays deep", ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        attacks.put("an unknown field nested 5,000 objects deep",
                withField(valid, "hostile", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000)));
        attacks.put("an unknown field nested 400 objects deep",
                withField(valid, "hostile", "{\"a\":".repeat(400) + "1" + "}".repeat(400)));
        attacks.put("a 5 MiB string in an unknown field", withField(valid, "hostile", "\"" + "x".repeat(FIVE_MIB) + "\""));
        attacks.put("a million-element array in an unknown field", withField(valid, "hostile", "[" + "0,".repeat(999_999) + "0]"));
        attacks.put("50,000 keys in an unknown object",
                withField(valid, "hostile", "{" + String.join(",", java.util.stream.IntStream.range(0, 50_000)
                        .mapToObj(i -> "\"k" + i + "\":0").toList()) + "}"));
        attacks.put("invalid UTF-8 in a string", replaceFirstString(utf8, new byte[] {'b', 'a', 'd', (byte) 0xC3, 0x28}));
        attacks.put("an overlong UTF-8 '/' in a string", replaceFirstString(utf8, new byte[] {'.', '.', (byte) 0xC0, (byte) 0xAF}));
        attacks.put("a UTF-8 encoded surrogate in a string", replaceFirstString(utf8, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        attacks.put("a lone 0xFF byte in a string", replaceFirstString(utf8, new byte[] {(byte) 0xFF}));
        attacks.put("a raw control character in a string", replaceFirstString(utf8, new byte[] {'a', 0x01, 'b'}));
        attacks.put("a raw NUL in a string", replaceFirstString(utf8, new byte[] {'a', 0x00, 'b'}));
        attacks.put("a lone surrogate escape in a string", replaceFirstString(utf8, "\\ud800".getBytes(StandardCharsets.UTF_8)));
        attacks.put("a NUL escape in a string", replaceFirstString(utf8, "a\\u0000b".getBytes(StandardCharsets.UTF_8)));
        attacks.put("path tricks in a string", replaceFirstString(utf8, "../../etc/passwd".getBytes(StandardCharsets.UTF_8)));
        attacks.put("a UTF-8 byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8));
        attacks.put("encoded as UTF-16", valid.getBytes(StandardCharsets.UTF_16BE));
        attacks.put("a duplicate key", ("{\"hostile\": 1, \"hostile\": 2, " + valid.substring(1)).getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> attack : attacks.entrySet()) {
            cases.add(new Case(family + attack.getKey(), endpoint.name(),
                    () -> rest(world, post(world, endpoint.path(), attack.getValue()), null)));
        }
    }

    /** A JSON null, and wrong JSON types, in every field of the body's message type (and numbers at and beyond int64). */
    private static void fieldMutations(World world, BodyEndpoint endpoint, List<Case> cases) {
        List<FieldPath> fields = new ArrayList<>();
        walk(endpoint.type(), new ArrayList<>(), "", fields, 0);
        int rotation = 0;
        for (FieldPath field : fields) {
            cases.add(mutation(world, endpoint, "nulls: null in every field", field, NODES.nullNode(), null));
            List<JsonNode> wrong = wrongTypes(field.field(), field.element());
            for (int i = 0; i < 2 && i < wrong.size(); i++) {
                JsonNode value = wrong.get((rotation + i) % wrong.size());
                cases.add(mutation(world, endpoint, "wrong types in every field", field, value, field.jsonPath()));
            }
            rotation++;
            if (isInteger(field.field()) && (field.element() || !field.field().isRepeated())) {
                for (String number : List.of("9223372036854775807", "9223372036854775808", "-9223372036854775809",
                        "18446744073709551616", "1e400", "\"9223372036854775808\"", "-1", "1.0e19")) {
                    cases.add(mutation(world, endpoint, "numbers at and beyond int64", field, tree(number), null));
                }
            }
        }
    }

    private static Case mutation(World world, BodyEndpoint endpoint, String family, FieldPath field, JsonNode value,
                                 String mentions) {
        ObjectNode body = endpoint.body(field.path());
        set(body, field.path(), value);
        String shown = value.toString();
        return new Case(family, endpoint.name() + " " + field.jsonPath() + " = " + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown),
                () -> rest(world, post(world, endpoint.path(), body.toString().getBytes(StandardCharsets.UTF_8)),
                        value.isNull() || value.isNumber() ? null : mentions));
    }

    /** A field of a body type: its path in the body ("filter", "segments", 0, "status"), the JSON path errors name. */
    private record FieldPath(List<Object> path, String jsonPath, FieldDescriptor field, boolean element) {}

    private static void walk(Descriptor type, List<Object> prefix, String jsonPrefix, List<FieldPath> out, int depth) {
        for (FieldDescriptor field : type.getFields()) {
            List<Object> path = new ArrayList<>(prefix);
            path.add(field.getJsonName());
            String jsonPath = jsonPrefix.isEmpty() ? field.getJsonName() : jsonPrefix + "." + field.getJsonName();
            out.add(new FieldPath(path, jsonPath, field, false));
            if (field.isMapField()) {
                continue;
            }
            boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && !field.getMessageType().getFullName().equals(Struct.getDescriptor().getFullName());
            if (field.isRepeated()) {
                List<Object> element = new ArrayList<>(path);
                element.add(0);
                out.add(new FieldPath(element, jsonPath + "[0]", field, true));
                if (message && depth < 4) {
                    walk(field.getMessageType(), element, jsonPath + "[0]", out, depth + 1);
                }
            } else if (message && depth < 4) {
                walk(field.getMessageType(), path, jsonPath, out, depth + 1);
            }
        }
    }

    private static boolean isInteger(FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.INT || field.getJavaType() == FieldDescriptor.JavaType.LONG;
    }

    /** JSON values of the wrong type for a field (or for one element of a repeated field). */
    private static List<JsonNode> wrongTypes(FieldDescriptor field, boolean element) {
        if (field.isMapField()) {
            return List.of(tree("[]"), tree("\"a map\""), tree("{\"k\": [1, 2]}"));
        }
        if (field.isRepeated() && !element) {
            return List.of(tree("{\"0\": 1}"), tree("\"a list\""), tree("7"));
        }
        return switch (field.getJavaType()) {
            case STRING -> List.of(tree("12345"), tree("true"), tree("{\"nested\": \"x\"}"), tree("[\"x\"]"));
            case INT, LONG -> List.of(tree("\"abc\""), tree("1.5"), tree("true"), tree("{}"), tree("[1]"), tree("\"١\""));
            case FLOAT, DOUBLE -> List.of(tree("\"abc\""), tree("true"), tree("{}"));
            case BOOLEAN -> List.of(tree("\"yes\""), tree("1"), tree("{}"), tree("\"true\""));
            case ENUM -> List.of(tree("\"NOT_A_VALUE\""), tree("99"), tree("true"));
            case BYTE_STRING -> List.of(tree("\"%%%\""), tree("5"));
            case MESSAGE -> field.getMessageType().getFullName().equals(Struct.getDescriptor().getFullName())
                    ? List.of(tree("42"), tree("\"text\""), tree("[1]"))
                    : List.of(tree("\"text\""), tree("42"), tree("[{}]"), tree("false"));
        };
    }

    /** Content types and body framings that a POST must not be taken with. */
    private static void contentTypes(World world, List<Case> cases) {
        byte[] body = bodyEndpoints().get(0).body(List.of()).toString().getBytes(StandardCharsets.UTF_8);
        String family = "headers: content type and framing";
        Map<String, UnaryOperator<RawHttp.Request>> attacks = new java.util.LinkedHashMap<>();
        attacks.put("Content-Type text/plain", r -> r.without("Content-Type").header("Content-Type", "text/plain"));
        attacks.put("no Content-Type", r -> r.without("Content-Type"));
        attacks.put("empty Content-Type", r -> r.without("Content-Type").header("Content-Type", ""));
        attacks.put("two Content-Types (json, text)", r -> r.header("Content-Type", "text/plain"));
        attacks.put("two Content-Types (text, json)", r -> r.without("Content-Type").header("Content-Type", "text/plain")
                .header("Content-Type", "application/json"));
        attacks.put("form-urlencoded", r -> r.without("Content-Type").header("Content-Type", "application/x-www-form-urlencoded"));
        attacks.put("multipart", r -> r.without("Content-Type").header("Content-Type", "multipart/form-data; boundary=x"));
        attacks.put("json with charset UTF-16 on UTF-8 bytes", r -> r.without("Content-Type")
                .header("Content-Type", "application/json; charset=utf-16"));
        attacks.put("json with an unknown charset", r -> r.without("Content-Type")
                .header("Content-Type", "application/json; charset=hostile"));
        attacks.put("a Content-Type of 2,000 parameters", r -> r.without("Content-Type")
                .header("Content-Type", "application/json" + "; p=v".repeat(2000)));
        attacks.put("Content-Encoding gzip on a plain body", r -> r.header("Content-Encoding", "gzip"));
        attacks.put("Content-Encoding unknown", r -> r.header("Content-Encoding", "hostile"));
        for (Map.Entry<String, UnaryOperator<RawHttp.Request>> attack : attacks.entrySet()) {
            cases.add(new Case(family, "POST " + JOBS + " " + attack.getKey(),
                    () -> rest(world, attack.getValue().apply(post(world, JOBS, body)), null)));
        }
        Map<String, byte[]> framings = new java.util.LinkedHashMap<>();
        framings.put("Content-Length and Transfer-Encoding both", concat(head(world, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
                "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        framings.put("a body that never arrives (the request times out)", head(world, "Content-Length: 100\r\n"));
        framings.put("two different Content-Lengths", head(world, "Content-Length: 5\r\nContent-Length: 6\r\n"));
        framings.put("a negative Content-Length", head(world, "Content-Length: -5\r\n"));
        framings.put("a Content-Length beyond int64", head(world, "Content-Length: 99999999999999999999999\r\n"));
        framings.put("a Content-Length that is no number", head(world, "Content-Length: abc\r\n"));
        framings.put("a malformed chunk size", concat(head(world, "Transfer-Encoding: chunked\r\n"),
                "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        framings.put("a chunk size beyond int64", concat(head(world, "Transfer-Encoding: chunked\r\n"),
                "ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        framings.put("Transfer-Encoding unknown", head(world, "Transfer-Encoding: hostile\r\n"));
        for (Map.Entry<String, byte[]> framing : framings.entrySet()) {
            cases.add(new Case(family, "POST " + JOBS + " " + framing.getKey(),
                    () -> rest(RawHttp.exchange(world.httpPort(), framing.getValue(), new byte[0]), null)));
        }
    }

    /** The head of a POST with the owner's headers and the given framing lines, ending the head. */
    private static byte[] head(World world, String framing) {
        String head = "POST " + JOBS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Authorization: Bearer " + world.owner().token() + "\r\nx-api-key: " + world.owner().apiKey()
                + "\r\nx-gw-ims-org-id: " + world.owner().orgId() + "\r\nx-sandbox-name: " + world.owner().sandbox()
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Path tricks, numbers at and beyond int64 and odd characters in every id of a path or query. */
    private static void ids(World world, List<Case> cases) {
        List<String> routes = List.of(
                "GET " + JOBS + "/{id}", "DELETE " + JOBS + "/{id}", "GET " + SHORT_JOBS + "/{id}", "DELETE " + SHORT_JOBS + "/{id}",
                "GET " + DATASETS + "/{id}", "GET " + BATCHES + "/{id}", "GET " + BATCH_FILES + "{id}/files",
                "GET " + FILES + "{id}", "GET " + FILES + world.batchId() + "?path={id}", "GET " + POLICIES + "/{id}",
                "GET " + DEFINITIONS + "/{id}", "DELETE " + DEFINITIONS + "/{id}",
                "GET " + ENTITIES + "?entityIdNS=email&entityId={id}", "GET " + ENTITIES + "?entityId=ada@example.com&entityIdNS={id}",
                "GET " + ENTITIES + "?entityId=ada@example.com&entityIdNS=email&mergePolicyId={id}");
        List<String> tricks = List.of("..", "%2e%2e", "%2E%2E%2F%2E%2E%2Fsecret.txt", "a%2Fb", "%00", "a%00b",
                "%C0%AE%C0%AE", "%FF%FE", "%0A", "%7F", "%5C..%5C", "x".repeat(3000), "9223372036854775807",
                "9223372036854775808", "-9223372036854775809", "1e3", "%D9%A1", "%zz");
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            for (String trick : tricks) {
                String target = template.replace("{id}", trick);
                String shown = trick.length() > 40 ? trick.length() + " x's" : trick;
                cases.add(new Case("ids: path tricks, int64 and odd characters", method + " " + template.replace("{id}", shown),
                        () -> rest(world, request(world, method, target), null)));
            }
            for (byte[] raw : List.of(new byte[] {'.', '.', '/', '.', '.'}, new byte[] {'a', 0, 'b'}, new byte[] {'a', 1, 'b'},
                    new byte[] {(byte) 0xC3, (byte) 0xA9}, new byte[] {(byte) 0xFF}, new byte[] {'a', ' ', 'b'})) {
                byte[] target = replace(template.getBytes(StandardCharsets.ISO_8859_1), "{id}".getBytes(StandardCharsets.ISO_8859_1), raw);
                cases.add(new Case("ids: raw bytes in the request target", method + " " + template + " raw " + HexFormatted.of(raw),
                        () -> rest(world, request(world, method, target), null)));
            }
        }
    }

    /** Hostile values of every query parameter of every listing and lookup. */
    private static void queries(World world, List<Case> cases) {
        Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
        parameters.put(JOBS, List.of("limit", "offset", "status"));
        parameters.put(SHORT_JOBS, List.of("limit", "offset", "status"));
        parameters.put(DATASETS, List.of("limit", "start"));
        parameters.put(POLICIES, List.of("limit", "start"));
        parameters.put(DEFINITIONS, List.of("limit", "start"));
        parameters.put(BATCH_FILES + BATCH + "/files", List.of("limit"));
        parameters.put(FILES + BATCH, List.of("limit", "start"));
        List<String> limits = List.of("abc", "", "-1", "0", "1001", "2147483648", "9223372036854775808", "1e3", "0x10",
                "%00", "1%00", "%D9%A1", "1.5", "99999999999999999999999999999");
        List<String> texts = List.of("%00", "..", "x".repeat(2500), "%FF", "%0D%0AX-Injected:%201", "%C0%AE", "DONE%00", "a%2F..%2Fb");
        for (Map.Entry<String, List<String>> endpoint : parameters.entrySet()) {
            for (String parameter : endpoint.getValue()) {
                List<String> values = parameter.equals("limit") ? limits : texts;
                for (String value : values) {
                    if (!parameter.equals("limit") && endpoint.getKey().equals(FILES + BATCH) && value.equals("..")) {
                        continue;
                    }
                    String target = endpoint.getKey() + "?" + parameter + "=" + value;
                    String shown = value.length() > 40 ? value.length() + " x's" : value;
                    cases.add(new Case("queries: hostile parameter values", "GET " + endpoint.getKey() + "?" + parameter + "=" + shown,
                            () -> rest(world, request(world, "GET", target), null)));
                }
            }
            cases.add(new Case("queries: repeated parameters", "GET " + endpoint.getKey() + "?limit=1&limit=2",
                    () -> rest(world, request(world, "GET", endpoint.getKey() + "?limit=1&limit=2"), null)));
        }
        cases.add(new Case("queries: repeated parameters", "GET " + ENTITIES + " entityId twice",
                () -> rest(world, request(world, "GET", ENTITIES + "?entityId=ada@example.com&entityId=bob@example.com&entityIdNS=email"), null)));
        cases.add(new Case("queries: repeated parameters", "GET " + FILES + BATCH + " path twice",
                () -> rest(world, request(world, "GET", FILES + BATCH + "?path=part-00000.json&path=part-00000.json"), null)));
        cases.add(new Case("queries: hostile parameter values", "GET " + ENTITIES + " without entityId",
                () -> rest(world, request(world, "GET", ENTITIES + "?entityIdNS=email"), null)));
    }

    /** Repeated, empty, huge and malformed headers. */
    private static void headers(World world, List<Case> cases) {
        Tenant owner = world.owner();
        Tenant other = world.other();
        Map<String, UnaryOperator<RawHttp.Request>> attacks = new java.util.LinkedHashMap<>();
        attacks.put("Authorization twice (valid, invalid)", r -> r.header("Authorization", "Bearer not-the-token"));
        attacks.put("Authorization twice (invalid, valid)", r -> r.without("Authorization")
                .header("Authorization", "Bearer not-the-token").header("Authorization", "Bearer " + owner.token()));
        attacks.put("Authorization empty", r -> r.without("Authorization").header("Authorization", ""));
        attacks.put("Authorization 'Bearer ' without a token", r -> r.without("Authorization").header("Authorization", "Bearer "));
        attacks.put("Authorization of 6,000 characters", r -> r.without("Authorization").header("Authorization", "Bearer " + "t".repeat(6000)));
        attacks.put("Authorization with a raw 0xFF byte", r -> r.without("Authorization")
                .headerLine(concat("Authorization: Bearer ".getBytes(StandardCharsets.ISO_8859_1), new byte[] {(byte) 0xFF})));
        attacks.put("x-api-key twice", r -> r.header("x-api-key", "another-client"));
        attacks.put("x-api-key empty", r -> r.without("x-api-key").header("x-api-key", ""));
        attacks.put("x-api-key of 9,000 characters", r -> r.without("x-api-key").header("x-api-key", "k".repeat(9000)));
        attacks.put("x-gw-ims-org-id twice (owner, other)", r -> r.header("x-gw-ims-org-id", other.orgId()));
        attacks.put("x-gw-ims-org-id twice (other, owner)", r -> r.without("x-gw-ims-org-id")
                .header("x-gw-ims-org-id", other.orgId()).header("x-gw-ims-org-id", owner.orgId()));
        attacks.put("x-gw-ims-org-id twice, the same", r -> r.header("x-gw-ims-org-id", owner.orgId()));
        attacks.put("x-gw-ims-org-id empty", r -> r.without("x-gw-ims-org-id").header("x-gw-ims-org-id", ""));
        attacks.put("x-gw-ims-org-id '..'", r -> r.without("x-gw-ims-org-id").header("x-gw-ims-org-id", ".."));
        attacks.put("x-gw-ims-org-id '../other'", r -> r.without("x-gw-ims-org-id").header("x-gw-ims-org-id", "../" + other.orgId()));
        attacks.put("x-gw-ims-org-id of 3,000 characters", r -> r.without("x-gw-ims-org-id").header("x-gw-ims-org-id", "o".repeat(3000)));
        attacks.put("x-gw-ims-org-id with raw UTF-8", r -> r.without("x-gw-ims-org-id")
                .headerLine(concat("x-gw-ims-org-id: ".getBytes(StandardCharsets.ISO_8859_1), "org\u00e9@AdobeOrg".getBytes(StandardCharsets.UTF_8))));
        attacks.put("x-sandbox-name twice (prod, dev)", r -> r.header("x-sandbox-name", "dev"));
        attacks.put("x-sandbox-name empty", r -> r.without("x-sandbox-name").header("x-sandbox-name", ""));
        attacks.put("x-sandbox-name 'prod/../dev'", r -> r.without("x-sandbox-name").header("x-sandbox-name", "prod/../dev"));
        attacks.put("x-sandbox-name '%2e%2e'", r -> r.without("x-sandbox-name").header("x-sandbox-name", "%2e%2e"));
        attacks.put("x-sandbox-name with a raw 0xC3 0x28", r -> r.without("x-sandbox-name")
                .headerLine(concat("x-sandbox-name: ".getBytes(StandardCharsets.ISO_8859_1), new byte[] {(byte) 0xC3, 0x28})));
        attacks.put("a NUL in a header value", r -> r.without("x-api-key")
                .headerLine("x-api-key: a\u0000b".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("a control character in a header value", r -> r.without("x-api-key")
                .headerLine("x-api-key: a\u0001b".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("a header of 20,000 characters", r -> r.header("x-hostile", "h".repeat(20_000)));
        attacks.put("1,000 headers", r -> {
            for (int i = 0; i < 1000; i++) {
                r.header("x-hostile-" + i, "v");
            }
            return r;
        });
        attacks.put("a header name with a space", r -> r.headerLine("x hostile: v".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("a header line without a colon", r -> r.headerLine("x-hostile".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("an obsolete folded line continuing x-gw-ims-org-id", r -> r.without("x-gw-ims-org-id")
                .header("x-gw-ims-org-id", owner.orgId()).headerLine("\tfolded".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("a header with an empty name", r -> r.headerLine(": v".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("x-request-id of 5,000 characters with no token", r -> r.without("Authorization").header("x-request-id", "r".repeat(5000)));
        attacks.put("x-request-id with a control character and no token", r -> r.without("Authorization")
                .headerLine("x-request-id: a\u0002b".getBytes(StandardCharsets.ISO_8859_1)));
        attacks.put("Expect: 100-continue on a GET with no token", r -> r.without("Authorization").header("Expect", "100-continue"));
        attacks.put("Expect unknown", r -> r.header("Expect", "hostile"));
        List<String> targets = List.of("GET " + JOBS, "DELETE " + JOBS + "/" + world.jobId(),
                "GET " + FILES + BATCH + "?path=part-00000.json");
        for (Map.Entry<String, UnaryOperator<RawHttp.Request>> attack : attacks.entrySet()) {
            for (String target : targets) {
                String method = target.substring(0, target.indexOf(' '));
                String path = target.substring(target.indexOf(' ') + 1);
                cases.add(new Case("headers: repeated, empty, huge, malformed", target + " " + attack.getKey(),
                        () -> rest(world, attack.getValue().apply(request(world, method, path)), null)));
            }
        }
        for (String range : List.of("bytes=999999-", "bytes=9223372036854775807-", "bytes=9223372036854775806-9223372036854775807")) {
            cases.add(new Case("headers: repeated, empty, huge, malformed", "GET " + FILES + BATCH + " Range " + range,
                    () -> rest(world, request(world, "GET", FILES + BATCH + "?path=part-00000.json").header("Range", range), null)));
        }
    }

    /** Methods, request targets and versions that break the request line. */
    private static void requestLines(World world, List<Case> cases) {
        String family = "request lines: methods, targets, versions";
        Map<String, String> lines = new java.util.LinkedHashMap<>();
        lines.put("an unknown method", "HOSTILE " + JOBS + " HTTP/1.1");
        lines.put("TRACE", "TRACE " + JOBS + " HTTP/1.1");
        lines.put("PUT on the collection", "PUT " + JOBS + " HTTP/1.1");
        lines.put("PATCH on a job", "PATCH " + JOBS + "/" + world.jobId() + " HTTP/1.1");
        lines.put("DELETE on the collection", "DELETE " + JOBS + " HTTP/1.1");
        lines.put("POST on a dataset", "POST " + DATASETS + "/" + world.dataSetId() + " HTTP/1.1");
        lines.put("DELETE on a merge policy", "DELETE " + POLICIES + "/" + world.mergePolicyId() + " HTTP/1.1");
        lines.put("PUT on a segment definition", "PUT " + DEFINITIONS + "/" + world.segmentDefinitionId() + " HTTP/1.1");
        lines.put("DELETE on the segment definitions", "DELETE " + DEFINITIONS + " HTTP/1.1");
        lines.put("DELETE on a profile lookup", "DELETE " + ENTITIES + "?entityId=ada@example.com&entityIdNS=email HTTP/1.1");
        lines.put("a lower-case method", "get " + JOBS + " HTTP/1.1");
        lines.put("an absolute target of another host", "GET http://evil.example" + JOBS + "/" + world.jobId() + "?limit=0 HTTP/1.1");
        lines.put("the asterisk target", "GET * HTTP/1.1");
        lines.put("a target without a leading slash", "GET export/jobs HTTP/1.1");
        lines.put("a target with backslashes", "GET \\export\\jobs HTTP/1.1");
        lines.put("a target of 10,000 characters", "GET " + JOBS + "/" + "9".repeat(10_000) + " HTTP/1.1");
        lines.put("no version", "GET " + JOBS);
        lines.put("an unknown path", "GET /data/core/ups/hostile HTTP/1.1");
        lines.put("a job path one level too deep", "GET " + JOBS + "/" + world.jobId() + "/more HTTP/1.1");
        lines.put("dot segments climbing above the root", "GET /../../data/core/ups/export/jobs/" + world.jobId() + "?limit=0 HTTP/1.1");
        lines.put("encoded dot segments in the path", "GET /data/core/ups/export/%2e%2e/jobs HTTP/1.1");
        for (Map.Entry<String, String> line : lines.entrySet()) {
            byte[] head = concat(line.getValue(), ("\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
                    + world.owner().token() + "\r\nx-api-key: " + world.owner().apiKey() + "\r\nx-gw-ims-org-id: "
                    + world.owner().orgId() + "\r\nx-sandbox-name: " + world.owner().sandbox() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            cases.add(new Case(family, line.getKey(), () -> rest(RawHttp.exchange(world.httpPort(), head, new byte[0]), null)));
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

    private static RawHttp.Request post(World world, String path, byte[] body) {
        return request(world, "POST", path).body(body);
    }

    private static Outcome rest(World world, RawHttp.Request request, String mentions) {
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
                problems.add("detail does not name " + mentions + ": " + body.path("detail").asText());
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

    // ---------------------------------------------------------------------------------------------
    // gRPC
    // ---------------------------------------------------------------------------------------------

    private static final Set<Status.Code> CLIENT_ERRORS = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
            Status.Code.OUT_OF_RANGE, Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED,
            Status.Code.UNAUTHENTICATED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ALREADY_EXISTS);

    /** Bytes as they are: no protobuf parsing on the client's side. */
    private static final MethodDescriptor.Marshaller<byte[]> RAW = SerializedMessages.MARSHALLER;

    static List<Case> grpc(World world) {
        List<Case> cases = new ArrayList<>();
        for (io.grpc.ServiceDescriptor service : ApiServices.all()) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                Descriptor input = ((io.grpc.protobuf.ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
                        .getMethodDescriptor().getInputType();
                rawMessages(world, method, input, cases);
            }
        }
        grpcValues(world, cases);
        grpcMetadata(world, cases);
        return cases;
    }

    /** Bytes that are no valid message of the method's request type, and call shapes the method does not take. */
    private static void rawMessages(World world, MethodDescriptor<?, ?> method, Descriptor input, List<Case> cases) {
        String name = method.getBareMethodName();
        FieldDescriptor firstString = input.getFields().stream()
                .filter(f -> f.getType() == FieldDescriptor.Type.STRING).findFirst().orElse(null);
        Map<String, byte[]> attacks = new java.util.LinkedHashMap<>();
        attacks.put("garbage bytes", new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});
        attacks.put("a truncated length-delimited field", new byte[] {0x0A, 0x10, 'a', 'b'});
        attacks.put("a field of wire type 7", new byte[] {0x0F, 0x01});
        attacks.put("field number 0", new byte[] {0x00, 0x01});
        attacks.put("a varint of 11 bytes", concat(new byte[] {0x08}, repeat((byte) 0xFF, 10), new byte[] {0x01}));
        attacks.put("a length of 2 GiB", new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        attacks.put("an unknown group nested 1,000 deep", concat(repeat((byte) 0xFB, 1000), new byte[] {0x02}, repeat((byte) 0xFC, 1000)));
        attacks.put("an unclosed group", new byte[] {(byte) 0xFB, 0x01});
        attacks.put("an end-group without a start", new byte[] {(byte) 0xFC, 0x01});
        if (firstString != null) {
            int tag = firstString.getNumber() << 3 | 2;
            attacks.put("invalid UTF-8 in " + firstString.getJsonName(), concat(varint(tag), new byte[] {3, 'a', (byte) 0xC3, 0x28}));
            attacks.put("a UTF-8 encoded surrogate in " + firstString.getJsonName(),
                    concat(varint(tag), new byte[] {3, (byte) 0xED, (byte) 0xA0, (byte) 0x80}));
            attacks.put("a 5 MiB string in " + firstString.getJsonName(), concat(varint(tag), varint(FIVE_MIB), repeat((byte) 'x', FIVE_MIB)));
        }
        Struct deep = deepStruct(60);
        if (input.getFullName().equals(IngestRequest.getDescriptor().getFullName())) {
            attacks.put("a record nested 60 objects deep", IngestRequest.newBuilder().setDatasetId(UNKNOWN_DATASET)
                    .addRecords(deep).build().toByteArray());
        }
        MethodDescriptor<byte[], byte[]> raw = method.toBuilder(RAW, RAW).build();
        for (Map.Entry<String, byte[]> attack : attacks.entrySet()) {
            cases.add(new Case("gRPC: malformed messages", name + " " + attack.getKey(),
                    () -> call(world, world.owner(), raw, List.of(attack.getValue()))));
        }
        if (method.getType() == MethodDescriptor.MethodType.UNARY || method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
            // grpc-java's transport resets such a stream itself (RST_STREAM CANCEL, CANCELLED: HTTP's 499)
            // before any code of the service's runs: a refusal, though without details.
            cases.add(new Case("gRPC: call shapes the method does not take", name + " two request messages",
                    () -> resetIsARefusal(call(world, world.owner(), raw, List.of(new byte[0], new byte[0])))));
            cases.add(new Case("gRPC: call shapes the method does not take", name + " no request message",
                    () -> call(world, world.owner(), raw, List.of())));
        } else {
            byte[] good = IngestRequest.newBuilder().setDatasetId(UNKNOWN_DATASET).build().toByteArray();
            cases.add(new Case("gRPC: call shapes the method does not take", name + " a garbage message after a good one",
                    () -> call(world, world.owner(), raw, List.of(good, new byte[] {(byte) 0xFF, 0x0F}))));
        }
    }

    private static Struct deepStruct(int depth) {
        Struct struct = Struct.newBuilder().putFields("leaf", com.google.protobuf.Value.newBuilder().setNumberValue(1).build()).build();
        for (int i = 0; i < depth; i++) {
            struct = Struct.newBuilder().putFields("a", com.google.protobuf.Value.newBuilder().setStructValue(struct).build()).build();
        }
        return struct;
    }

    /** Well-formed messages with hostile values: path tricks and odd characters in ids, numbers at the edges. */
    private static void grpcValues(World world, List<Case> cases) {
        List<String> tricks = List.of("..", "../secret.txt", "a/b", "\\..\\", "a\u0000b", "\u0001", "%2e%2e",
                "x".repeat(100_000), "\ud800", "");
        Map<String, java.util.function.Function<String, byte[]>> idFields = new java.util.LinkedHashMap<>();
        idFields.put("GetDataSet id", id -> io.segexport.v1.GetDataSetRequest.newBuilder().setId(id).build().toByteArray());
        idFields.put("ListDataSets start", id -> io.segexport.v1.ListDataSetsRequest.newBuilder().setStart(id).build().toByteArray());
        idFields.put("GetBatch id", id -> io.segexport.v1.GetBatchRequest.newBuilder().setId(id).build().toByteArray());
        idFields.put("ListBatchFiles batchId", id -> io.segexport.v1.ListBatchFilesRequest.newBuilder().setBatchId(id).build().toByteArray());
        idFields.put("GetFile dataSetFileId", id -> io.segexport.v1.GetFileRequest.newBuilder().setDataSetFileId(id).build().toByteArray());
        idFields.put("GetFile start", id -> io.segexport.v1.GetFileRequest.newBuilder().setDataSetFileId(BATCH).setStart(id).build().toByteArray());
        idFields.put("ReadFile dataSetFileId", id -> io.segexport.v1.ReadFileRequest.newBuilder().setDataSetFileId(id)
                .setPath("part-00000.json").build().toByteArray());
        idFields.put("ReadFile path", id -> io.segexport.v1.ReadFileRequest.newBuilder().setDataSetFileId(BATCH).setPath(id).build().toByteArray());
        idFields.put("GetMergePolicy id", id -> io.segexport.v1.GetMergePolicyRequest.newBuilder().setId(id).build().toByteArray());
        idFields.put("ListMergePolicies start", id -> io.segexport.v1.ListMergePoliciesRequest.newBuilder().setStart(id).build().toByteArray());
        idFields.put("GetSegmentDefinition id", id -> io.segexport.v1.GetSegmentDefinitionRequest.newBuilder().setId(id).build().toByteArray());
        idFields.put("DeleteSegmentDefinition id", id -> io.segexport.v1.DeleteSegmentDefinitionRequest.newBuilder().setId(id).build().toByteArray());
        idFields.put("ListSegmentDefinitions start", id -> io.segexport.v1.ListSegmentDefinitionsRequest.newBuilder().setStart(id).build().toByteArray());
        idFields.put("GetEntities entityId", id -> io.segexport.v1.GetEntitiesRequest.newBuilder().setEntityId(id)
                .setEntityIdNs("email").build().toByteArray());
        idFields.put("GetEntities entityIdNS", id -> io.segexport.v1.GetEntitiesRequest.newBuilder().setEntityId("ada@example.com")
                .setEntityIdNs(id).build().toByteArray());
        idFields.put("GetEntities mergePolicyId", id -> io.segexport.v1.GetEntitiesRequest.newBuilder().setEntityId("ada@example.com")
                .setEntityIdNs("email").setMergePolicyId(id).build().toByteArray());
        idFields.put("ListExportJobs offset", id -> io.segexport.v1.ListExportJobsRequest.newBuilder().setOffset(id).build().toByteArray());
        idFields.put("ListExportJobs status", id -> io.segexport.v1.ListExportJobsRequest.newBuilder().setStatus(id).build().toByteArray());
        idFields.put("IngestProfiles datasetId", id -> IngestRequest.newBuilder().setDatasetId(id).build().toByteArray());
        idFields.put("IngestEvents datasetId", id -> IngestRequest.newBuilder().setDatasetId(id).build().toByteArray());
        for (Map.Entry<String, java.util.function.Function<String, byte[]>> field : idFields.entrySet()) {
            MethodDescriptor<byte[], byte[]> method = rawMethod(field.getKey().substring(0, field.getKey().indexOf(' ')));
            for (String trick : tricks) {
                if (trick.isEmpty() && (field.getKey().contains("start") || field.getKey().contains("offset")
                        || field.getKey().contains("status") || field.getKey().contains("mergePolicyId"))) {
                    continue;
                }
                String shown = trick.length() > 40 ? trick.length() + " x's" : escape(trick);
                cases.add(new Case("gRPC: path tricks and odd characters in ids", field.getKey() + " = " + shown,
                        () -> call(world, world.owner(), method, List.of(field.getValue().apply(trick)))));
            }
        }
        Map<String, byte[]> numbers = new java.util.LinkedHashMap<>();
        for (long id : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1, 0}) {
            numbers.put("GetExportJob id " + id, io.segexport.v1.GetExportJobRequest.newBuilder().setId(id).build().toByteArray());
            numbers.put("CancelExportJob id " + id, io.segexport.v1.CancelExportJobRequest.newBuilder().setId(id).build().toByteArray());
            numbers.put("WatchExportJob id " + id, io.segexport.v1.WatchExportJobRequest.newBuilder().setId(id).build().toByteArray());
        }
        for (int limit : new int[] {Integer.MIN_VALUE, -1, 0, 1001, Integer.MAX_VALUE}) {
            numbers.put("ListExportJobs limit " + limit, io.segexport.v1.ListExportJobsRequest.newBuilder().setLimit(limit).build().toByteArray());
            numbers.put("ListDataSets limit " + limit, io.segexport.v1.ListDataSetsRequest.newBuilder().setLimit(limit).build().toByteArray());
            numbers.put("ListMergePolicies limit " + limit, io.segexport.v1.ListMergePoliciesRequest.newBuilder().setLimit(limit).build().toByteArray());
            numbers.put("ListSegmentDefinitions limit " + limit, io.segexport.v1.ListSegmentDefinitionsRequest.newBuilder().setLimit(limit).build().toByteArray());
            numbers.put("ListBatchFiles limit " + limit, io.segexport.v1.ListBatchFilesRequest.newBuilder().setBatchId(BATCH).setLimit(limit).build().toByteArray());
            numbers.put("GetFile limit " + limit, io.segexport.v1.GetFileRequest.newBuilder().setDataSetFileId(BATCH).setLimit(limit).build().toByteArray());
        }
        // (A negative offset counts from the end; one beyond the start, even Long.MIN_VALUE, reads the whole file.)
        for (long offset : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1}) {
            numbers.put("ReadFile offset " + offset, io.segexport.v1.ReadFileRequest.newBuilder().setDataSetFileId(BATCH)
                    .setPath("part-00000.json").setOffset(offset).build().toByteArray());
        }
        for (long length : new long[] {Long.MIN_VALUE, -1}) {
            numbers.put("ReadFile length " + length, io.segexport.v1.ReadFileRequest.newBuilder().setDataSetFileId(BATCH)
                    .setPath("part-00000.json").setLength(length).build().toByteArray());
        }
        numbers.put("ReadFile offset 1 length Long.MAX_VALUE", io.segexport.v1.ReadFileRequest.newBuilder().setDataSetFileId(BATCH)
                .setPath("part-00000.json").setOffset(1).setLength(Long.MAX_VALUE).setOffset(Long.MAX_VALUE - 1).build().toByteArray());
        for (Map.Entry<String, byte[]> number : numbers.entrySet()) {
            MethodDescriptor<byte[], byte[]> method = rawMethod(number.getKey().substring(0, number.getKey().indexOf(' ')));
            cases.add(new Case("gRPC: numbers at the edges of int32 and int64", number.getKey(),
                    () -> call(world, world.owner(), method, List.of(number.getValue()))));
        }
        byte[] nanRecord = IngestRequest.newBuilder().setDatasetId(UNKNOWN_DATASET).addRecords(Struct.newBuilder()
                .putFields("n", com.google.protobuf.Value.newBuilder().setNumberValue(Double.NaN).build())).build().toByteArray();
        cases.add(new Case("gRPC: numbers at the edges of int32 and int64", "IngestProfiles a NaN in a record of an unknown dataset",
                () -> call(world, world.owner(), rawMethod("IngestProfiles"), List.of(nanRecord))));
        byte[] tooMany = IngestRequest.newBuilder().setDatasetId(world.dataSetId()).addAllRecords(
                java.util.Collections.nCopies(1001, Struct.getDefaultInstance())).build().toByteArray();
        cases.add(new Case("gRPC: numbers at the edges of int32 and int64", "IngestProfiles 1,001 records",
                () -> call(world, world.owner(), rawMethod("IngestProfiles"), List.of(tooMany))));
        cases.add(new Case("gRPC: numbers at the edges of int32 and int64", "StreamEvents 1,001 records",
                () -> call(world, world.owner(), rawMethod("StreamEvents"), List.of(tooMany))));
    }

    /** Metadata that is repeated, empty or names a tenant by a path. */
    private static void grpcMetadata(World world, List<Case> cases) {
        Map<String, Metadata> attacks = new java.util.LinkedHashMap<>();
        Tenant owner = world.owner();
        attacks.put("x-gw-ims-org-id twice (owner, other)", metadata(owner, "x-gw-ims-org-id", owner.orgId(), world.other().orgId()));
        attacks.put("x-gw-ims-org-id twice (other, owner)", metadata(owner, "x-gw-ims-org-id", world.other().orgId(), owner.orgId()));
        attacks.put("x-sandbox-name twice", metadata(owner, "x-sandbox-name", "prod", "dev"));
        attacks.put("authorization twice", metadata(owner, "authorization", "Bearer " + owner.token(), "Bearer not-the-token"));
        attacks.put("x-api-key twice", metadata(owner, "x-api-key", owner.apiKey(), "another-client"));
        attacks.put("x-gw-ims-org-id empty", metadata(owner, "x-gw-ims-org-id", ""));
        attacks.put("x-sandbox-name '..'", metadata(owner, "x-sandbox-name", ".."));
        attacks.put("x-gw-ims-org-id '../other'", metadata(owner, "x-gw-ims-org-id", "../" + world.other().orgId()));
        attacks.put("authorization 'Bearer'", metadata(owner, "authorization", "Bearer"));
        attacks.put("authorization of 7,000 characters", metadata(owner, "authorization", "Bearer " + "t".repeat(7000)));
        attacks.put("x-api-key empty", metadata(owner, "x-api-key", ""));
        byte[] get = io.segexport.v1.GetExportJobRequest.newBuilder().setId(world.jobId()).build().toByteArray();
        byte[] cancel = io.segexport.v1.CancelExportJobRequest.newBuilder().setId(world.jobId()).build().toByteArray();
        for (Map.Entry<String, Metadata> attack : attacks.entrySet()) {
            cases.add(new Case("gRPC: repeated, empty and path-like metadata", "GetExportJob " + attack.getKey(),
                    () -> call(world, attack.getValue(), rawMethod("GetExportJob"), List.of(get))));
            cases.add(new Case("gRPC: repeated, empty and path-like metadata", "CancelExportJob " + attack.getKey(),
                    () -> call(world, attack.getValue(), rawMethod("CancelExportJob"), List.of(cancel))));
        }
    }

    private static Metadata metadata(Tenant tenant, String name, String... values) {
        Metadata headers = new Metadata();
        Map<String, String> standard = Map.of("authorization", "Bearer " + tenant.token(), "x-api-key", tenant.apiKey(),
                "x-gw-ims-org-id", tenant.orgId(), "x-sandbox-name", tenant.sandbox());
        standard.forEach((key, value) -> {
            if (!key.equals(name)) {
                headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
            }
        });
        for (String value : values) {
            headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
        }
        return headers;
    }

    private static MethodDescriptor<byte[], byte[]> rawMethod(String bareName) {
        for (io.grpc.ServiceDescriptor service : ApiServices.all()) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                if (method.getBareMethodName().equals(bareName)) {
                    return method.toBuilder(RAW, RAW).build();
                }
            }
        }
        throw new IllegalArgumentException(bareName);
    }

    private static Outcome call(World world, Tenant tenant, MethodDescriptor<byte[], byte[]> method, List<byte[]> messages) {
        return call(world, metadata(tenant, "none"), method, messages);
    }

    /** Makes the call with these messages, whatever its type, and judges how it ended. */
    private static Outcome call(World world, Metadata headers, MethodDescriptor<byte[], byte[]> method, List<byte[]> messages) {
        io.grpc.Channel channel = ClientInterceptors.intercept(world.grpc().channel,
                io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
        ClientCall<byte[], byte[]> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        CompletableFuture<Status> done = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                received.writeBytes(message);
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                done.complete(status.withCause(new TrailersHolder(trailers)));
            }
        }, new Metadata());
        call.request(1);
        for (byte[] message : messages) {
            call.sendMessage(message);
        }
        call.halfClose();
        Status status;
        try {
            status = done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            call.cancel("the case timed out", null);
            return new Outcome(0, "HANG", false, true, List.of("no end within 30 s"));
        }
        return judge(status);
    }

    private static Outcome resetIsARefusal(Outcome outcome) {
        return "CANCELLED".equals(outcome.grpcCode()) ? new Outcome(0, "CANCELLED", true, false, List.of()) : outcome;
    }

    /** Carries the trailers of a call's end to the judge. */
    private static final class TrailersHolder extends RuntimeException {
        final transient Metadata trailers;

        TrailersHolder(Metadata trailers) {
            super(null, null, false, false);
            this.trailers = trailers;
        }
    }

    private static Outcome judge(Status status) {
        List<String> problems = new ArrayList<>();
        Status.Code code = status.getCode();
        boolean clientError = CLIENT_ERRORS.contains(code);
        boolean serverError = !clientError && code != Status.Code.OK;
        if (code == Status.Code.OK) {
            problems.add("succeeded");
        } else if (!clientError) {
            problems.add("ended " + code + ": " + status.getDescription());
        } else {
            if (status.getDescription() == null || status.getDescription().isBlank()) {
                problems.add(code + " without a description");
            }
            Metadata trailers = status.getCause() instanceof TrailersHolder holder ? holder.trailers : null;
            com.google.rpc.Status details = trailers == null ? null : StatusProto.fromStatusAndTrailers(status, trailers);
            boolean hasInfo = details != null && details.getDetailsList().stream().anyMatch(any -> any.is(ErrorInfo.class));
            // A message over the transport's size limit is refused before any service code runs, without details.
            if (!hasInfo && code != Status.Code.RESOURCE_EXHAUSTED) {
                problems.add(code + " without a google.rpc.ErrorInfo detail: " + status.getDescription());
            }
        }
        return new Outcome(0, code.name(), clientError, serverError, problems);
    }

    // ---------------------------------------------------------------------------------------------
    // Bytes and trees
    // ---------------------------------------------------------------------------------------------

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** Whether a mutation at {@code mutated} touches the sentinel at {@code sentinel} (one is a prefix of the other). */
    private static boolean overlaps(List<Object> sentinel, List<Object> mutated) {
        if (mutated.isEmpty()) {
            return false;
        }
        int common = Math.min(sentinel.size(), mutated.size());
        return sentinel.subList(0, common).equals(mutated.subList(0, common));
    }

    /** Sets the value at a path of names and indexes, making the objects and arrays on the way. */
    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            boolean nextIsIndex = path.get(i + 1) instanceof Integer;
            JsonNode child = step instanceof Integer index ? node.path(index) : node.path((String) step);
            if (child.isMissingNode() || child.isNull() || nextIsIndex != child.isArray() || !(child.isContainerNode())) {
                child = nextIsIndex ? NODES.arrayNode() : NODES.objectNode();
                if (step instanceof Integer index) {
                    ArrayNode array = (ArrayNode) node;
                    while (array.size() <= index) {
                        array.add(NODES.nullNode());
                    }
                    array.set(index, child);
                } else {
                    ((ObjectNode) node).set((String) step, child);
                }
            }
            node = child;
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ArrayNode array = (ArrayNode) node;
            while (array.size() <= index) {
                array.add(NODES.nullNode());
            }
            array.set(index, value);
        } else {
            ((ObjectNode) node).set((String) last, value);
        }
    }

    private static byte[] withField(String json, String name, String value) {
        return ("{\"" + name + "\": " + value + ", " + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    /** The body with the content of its first JSON string value replaced by these bytes. */
    private static byte[] replaceFirstString(byte[] body, byte[] content) {
        int colon = indexOf(body, new byte[] {'"', ':'}, 0);
        int open = indexOf(body, new byte[] {'"'}, colon + 2);
        int close = indexOf(body, new byte[] {'"'}, open + 1);
        return concat(Arrays.copyOfRange(body, 0, open + 1), content, Arrays.copyOfRange(body, close, body.length));
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        outer:
        for (int i = from; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] replace(byte[] bytes, byte[] part, byte[] with) {
        int at = indexOf(bytes, part, 0);
        return concat(Arrays.copyOfRange(bytes, 0, at), with, Arrays.copyOfRange(bytes, at + part.length, bytes.length));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] concat(String text, byte[] more) {
        return concat(text.getBytes(StandardCharsets.ISO_8859_1), more);
    }

    private static byte[] repeat(byte value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c >= 0x7F ? String.format(Locale.ROOT, "\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    /** Bytes as hex, for case names. */
    static final class HexFormatted {
        static String of(byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
