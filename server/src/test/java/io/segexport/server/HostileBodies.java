package io.segexport.server;

import static io.segexport.server.HostileBytes.NODES;
import static io.segexport.server.HostileBytes.concat;
import static io.segexport.server.HostileBytes.overlaps;
import static io.segexport.server.HostileBytes.replaceFirstString;
import static io.segexport.server.HostileBytes.set;
import static io.segexport.server.HostileBytes.tree;
import static io.segexport.server.HostileBytes.withField;
import static io.segexport.server.HostileCases.COLLECTION;
import static io.segexport.server.HostileCases.DATASETS;
import static io.segexport.server.HostileCases.DEFINITIONS;
import static io.segexport.server.HostileCases.EVENTS;
import static io.segexport.server.HostileCases.FIVE_MIB;
import static io.segexport.server.HostileCases.IMPORT_BATCHES;
import static io.segexport.server.HostileCases.JOBS;
import static io.segexport.server.HostileCases.POLICIES;
import static io.segexport.server.HostileCases.PROFILES;
import static io.segexport.server.HostileCases.SHORT_JOBS;
import static io.segexport.server.HostileCases.UNKNOWN_DATASET;
import static io.segexport.server.HostileRequests.post;
import static io.segexport.server.HostileRequests.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Struct;
import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.World;
import io.segexport.v1.CreateBatchRequest;
import io.segexport.v1.DataSet;
import io.segexport.v1.ExportJob;
import io.segexport.v1.IngestRequest;
import io.segexport.v1.MergePolicy;
import io.segexport.v1.SegmentDefinition;
import io.segexport.v1.SendMessagesRequest;
import io.segexport.v1.StreamingMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The hostile-input cases on REST bodies: broken structure, and wrong values in every field of every body type. */
final class HostileBodies {
    private HostileBodies() {}

    /** A body endpoint: its path, its body's message type, and its body with the sentinels. */
    record BodyEndpoint(String name, String path, Descriptor type, String base, List<Sentinel> sentinels) {
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

    static List<BodyEndpoint> bodyEndpoints() {
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
        String batch = """
                {"datasetId": "%s", "inputFormat": {"format": "json", "isMultiLineJson": false},
                 "partialIngestionPercentage": 5}""".formatted(UNKNOWN_DATASET);
        List<Sentinel> batchSentinels = List.of(
                new Sentinel(List.of("datasetId"), NODES.textNode(UNKNOWN_DATASET)),
                new Sentinel(List.of("inputFormat", "format"), NODES.textNode("parquet")));
        String message = """
                {"header": {"schemaRef": {"id": "https://ns.adobe.com/xdm/context/profile"}, "imsOrgId": "hostile@AdobeOrg",
                   "datasetId": "%s"},
                 "body": {"xdmEntity": {"identityMap": {"email": [{"id": "hostile@example.com"}]}}}}""".formatted(UNKNOWN_DATASET);
        List<Sentinel> messageSentinels = List.of(
                new Sentinel(List.of("header", "datasetId"), NODES.textNode(UNKNOWN_DATASET)),
                new Sentinel(List.of("header", "imsOrgId"), NODES.textNode("hostile@AdobeOrg")));
        String messages = "{\"messages\": [" + message + "]}";
        List<Sentinel> messagesSentinels = List.of(
                new Sentinel(List.of("messages", 0, "header", "datasetId"), NODES.textNode(UNKNOWN_DATASET)),
                new Sentinel(List.of("messages", 0, "header", "imsOrgId"), NODES.textNode("hostile@AdobeOrg")));
        return List.of(
                new BodyEndpoint(
                        "POST " + IMPORT_BATCHES,
                        IMPORT_BATCHES,
                        CreateBatchRequest.getDescriptor(),
                        batch,
                        batchSentinels),
                new BodyEndpoint(
                        "POST " + COLLECTION, COLLECTION, StreamingMessage.getDescriptor(), message, messageSentinels),
                new BodyEndpoint(
                        "POST /collection/batch",
                        "/collection/batch/9f1c2d3e4b5a69788766554433221100",
                        SendMessagesRequest.getDescriptor(),
                        messages,
                        messagesSentinels),
                new BodyEndpoint("POST " + JOBS, JOBS, ExportJob.getDescriptor(), job, jobSentinels),
                new BodyEndpoint("POST " + SHORT_JOBS, SHORT_JOBS, ExportJob.getDescriptor(), job, jobSentinels),
                new BodyEndpoint("POST " + DATASETS, DATASETS, DataSet.getDescriptor(), dataSet, dataSetSentinels),
                new BodyEndpoint("POST " + POLICIES, POLICIES, MergePolicy.getDescriptor(), policy, policySentinels),
                new BodyEndpoint(
                        "POST " + DEFINITIONS,
                        DEFINITIONS,
                        SegmentDefinition.getDescriptor(),
                        definition,
                        definitionSentinels),
                new BodyEndpoint("POST " + PROFILES, PROFILES, IngestRequest.getDescriptor(), ingest, ingestSentinels),
                new BodyEndpoint("POST " + EVENTS, EVENTS, IngestRequest.getDescriptor(), ingest, ingestSentinels));
    }

    /** Malformed, truncated, deep, huge and mis-encoded bodies. */
    static void bodyStructure(World world, BodyEndpoint endpoint, List<Case> cases) {
        String valid = endpoint.body(List.of()).toString();
        byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
        String family = "body: ";
        Map<String, byte[]> attacks = new java.util.LinkedHashMap<>();
        attacks.put(
                "malformed: trailing comma",
                (valid.substring(0, valid.length() - 1) + ",}").getBytes(StandardCharsets.UTF_8));
        attacks.put("malformed: single quotes", valid.replace('"', '\'').getBytes(StandardCharsets.UTF_8));
        attacks.put(
                "malformed: unquoted keys",
                valid.replaceAll("\"(\\w+)\":", "$1:").getBytes(StandardCharsets.UTF_8));
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
        attacks.put(
                "nested 100,000 arrays deep",
                ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        attacks.put(
                "an unknown field nested 5,000 objects deep",
                withField(valid, "hostile", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000)));
        attacks.put(
                "an unknown field nested 400 objects deep",
                withField(valid, "hostile", "{\"a\":".repeat(400) + "1" + "}".repeat(400)));
        attacks.put(
                "a 5 MiB string in an unknown field", withField(valid, "hostile", "\"" + "x".repeat(FIVE_MIB) + "\""));
        attacks.put(
                "a million-element array in an unknown field",
                withField(valid, "hostile", "[" + "0,".repeat(999_999) + "0]"));
        attacks.put(
                "50,000 keys in an unknown object",
                withField(
                        valid,
                        "hostile",
                        "{"
                                + String.join(
                                        ",",
                                        java.util.stream.IntStream.range(0, 50_000)
                                                .mapToObj(i -> "\"k" + i + "\":0")
                                                .toList())
                                + "}"));
        attacks.put(
                "invalid UTF-8 in a string", replaceFirstString(utf8, new byte[] {'b', 'a', 'd', (byte) 0xC3, 0x28}));
        attacks.put(
                "an overlong UTF-8 '/' in a string",
                replaceFirstString(utf8, new byte[] {'.', '.', (byte) 0xC0, (byte) 0xAF}));
        attacks.put(
                "a UTF-8 encoded surrogate in a string",
                replaceFirstString(utf8, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        attacks.put("a lone 0xFF byte in a string", replaceFirstString(utf8, new byte[] {(byte) 0xFF}));
        attacks.put("a raw control character in a string", replaceFirstString(utf8, new byte[] {'a', 0x01, 'b'}));
        attacks.put("a raw NUL in a string", replaceFirstString(utf8, new byte[] {'a', 0x00, 'b'}));
        attacks.put(
                "a lone surrogate escape in a string",
                replaceFirstString(utf8, "\\ud800".getBytes(StandardCharsets.UTF_8)));
        attacks.put("a NUL escape in a string", replaceFirstString(utf8, "a\\u0000b".getBytes(StandardCharsets.UTF_8)));
        attacks.put(
                "path tricks in a string",
                replaceFirstString(utf8, "../../etc/passwd".getBytes(StandardCharsets.UTF_8)));
        attacks.put("a UTF-8 byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8));
        attacks.put("encoded as UTF-16", valid.getBytes(StandardCharsets.UTF_16BE));
        attacks.put(
                "a duplicate key",
                ("{\"hostile\": 1, \"hostile\": 2, " + valid.substring(1)).getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> attack : attacks.entrySet()) {
            cases.add(new Case(
                    family + attack.getKey(),
                    endpoint.name(),
                    () -> rest(world, post(world, endpoint.path(), attack.getValue()), null)));
        }
    }

    /** A JSON null, and wrong JSON types, in every field of the body's message type (and numbers at and beyond int64). */
    static void fieldMutations(World world, BodyEndpoint endpoint, List<Case> cases) {
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
                for (String number : List.of(
                        "9223372036854775807",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "18446744073709551616",
                        "1e400",
                        "\"9223372036854775808\"",
                        "-1",
                        "1.0e19")) {
                    cases.add(mutation(world, endpoint, "numbers at and beyond int64", field, tree(number), null));
                }
            }
        }
    }

    private static Case mutation(
            World world, BodyEndpoint endpoint, String family, FieldPath field, JsonNode value, String mentions) {
        ObjectNode body = endpoint.body(field.path());
        set(body, field.path(), value);
        String shown = value.toString();
        return new Case(
                family,
                endpoint.name() + " " + field.jsonPath() + " = "
                        + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown),
                () -> rest(
                        world,
                        post(world, endpoint.path(), body.toString().getBytes(StandardCharsets.UTF_8)),
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
                    && !field.getMessageType()
                            .getFullName()
                            .equals(Struct.getDescriptor().getFullName());
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
        return field.getJavaType() == FieldDescriptor.JavaType.INT
                || field.getJavaType() == FieldDescriptor.JavaType.LONG;
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
            case INT, LONG ->
                List.of(tree("\"abc\""), tree("1.5"), tree("true"), tree("{}"), tree("[1]"), tree("\"١\""));
            case FLOAT, DOUBLE -> List.of(tree("\"abc\""), tree("true"), tree("{}"));
            case BOOLEAN -> List.of(tree("\"yes\""), tree("1"), tree("{}"), tree("\"true\""));
            case ENUM -> List.of(tree("\"NOT_A_VALUE\""), tree("99"), tree("true"));
            case BYTE_STRING -> List.of(tree("\"%%%\""), tree("5"));
            case MESSAGE ->
                field.getMessageType()
                                .getFullName()
                                .equals(Struct.getDescriptor().getFullName())
                        ? List.of(tree("42"), tree("\"text\""), tree("[1]"))
                        : List.of(tree("\"text\""), tree("42"), tree("[{}]"), tree("false"));
        };
    }
}
