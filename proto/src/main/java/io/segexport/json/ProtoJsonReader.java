package io.segexport.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads proto3 JSON into messages, with errors that name the field at fault by its JSON path.
 * Accepts each field by its JSON name, its proto name and its {@link JsonAliases}, 64-bit integers
 * as numbers or strings, enums by name or number; ignores unknown fields and treats {@code null} as
 * unset. A field given under two spellings must have the same value under both.
 *
 * <p>Objects and arrays may nest at most {@code maxDepth} levels (the server's {@code json-depth}
 * limit, {@value #DEFAULT_MAX_DEPTH} unless given): the parser refuses the first container beyond
 * that, before any deeper tree is built, with a {@link JsonFieldException} naming its path.
 */
public final class ProtoJsonReader {
    /** How deep objects and arrays may nest when no depth is given. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** The deepest nesting a reader may be asked to allow: the JSON parser's own limit. */
    public static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;

    private static final ObjectMapper MAPPER = new ObjectMapper(factory(DEFAULT_MAX_DEPTH));
    /** A parser factory per nesting limit: the limit is a setting of the factory. */
    private static final Map<Integer, JsonFactory> FACTORIES = new ConcurrentHashMap<>();

    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS_BY_NAME = new ConcurrentHashMap<>();

    private ProtoJsonReader() {}

    /** Parses JSON text into a tree, nesting at most {@value #DEFAULT_MAX_DEPTH} levels (see {@link #parseTree(InputStream, int)}). */
    public static JsonNode parseTree(InputStream in) throws IOException {
        return parseTree(in, DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses JSON text into a tree; malformed JSON is a {@link JsonFieldException} on the root, an
     * object or array nested deeper than {@code maxDepth} levels (the body itself being level 1) one
     * on its path.
     */
    public static JsonNode parseTree(InputStream in, int maxDepth) throws IOException {
        if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be from 1 to " + MAX_DEPTH + ", not " + maxDepth);
        }
        try (JsonParser parser =
                FACTORIES.computeIfAbsent(maxDepth, ProtoJsonReader::factory).createParser(in)) {
            try {
                JsonNode node = MAPPER.readTree(parser);
                if (node == null || node.isMissingNode()) {
                    throw new JsonFieldException("", "is empty; expected a JSON object");
                }
                if (parser.nextToken() != null) {
                    throw new JsonFieldException("", "has content after its JSON value");
                }
                return node;
            } catch (StreamConstraintsException e) {
                JsonStreamContext context = parser.getParsingContext();
                if (context == null || context.getNestingDepth() <= maxDepth) {
                    throw invalid(e);
                }
                throw new JsonFieldException(
                        pathOf(context),
                        "nests objects and arrays deeper than " + maxDepth + " levels (the json-depth limit)");
            } catch (JsonProcessingException e) {
                throw invalid(e);
            }
        }
    }

    private static JsonFactory factory(int maxDepth) {
        return JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .build())
                .build();
    }

    private static JsonFieldException invalid(JsonProcessingException e) {
        String problem = String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\(start marker at .*", "");
        // A broken constraint (a number or string too long) has no location.
        JsonLocation location = e.getLocation();
        return new JsonFieldException(
                "",
                location == null
                        ? "is not valid JSON: " + problem
                        : "is not valid JSON at line " + location.getLineNr() + ", column " + location.getColumnNr()
                                + ": " + problem);
    }

    /** The path of a parsing context's container, as the errors of {@link #merge} spell paths: {@code a.b[2].c}. */
    private static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext child = context; child.getParent() != null; child = child.getParent()) {
            JsonStreamContext parent = child.getParent();
            if (parent.inArray()) {
                parts.push("[" + parent.getCurrentIndex() + "]");
            } else if (parent.inObject()) {
                parts.push("." + parent.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** Parses a JSON text into a new message of the prototype's type, nesting at most {@value #DEFAULT_MAX_DEPTH} levels. */
    public static <T extends Message> T read(InputStream in, T prototype) throws IOException {
        return read(in, prototype, DEFAULT_MAX_DEPTH);
    }

    /** Parses a JSON text into a new message of the prototype's type, nesting at most {@code maxDepth} levels. */
    @SuppressWarnings("unchecked")
    public static <T extends Message> T read(InputStream in, T prototype, int maxDepth) throws IOException {
        Message.Builder builder = prototype.newBuilderForType();
        merge(parseTree(in, maxDepth), builder, "");
        return (T) builder.build();
    }

    /** Merges a JSON tree into the builder; {@code path} prefixes the field names of errors. */
    public static void merge(JsonNode node, Message.Builder builder, String path) {
        Descriptor type = builder.getDescriptorForType();
        if (type.getFullName().equals(Struct.getDescriptor().getFullName())) {
            builder.mergeFrom(toStruct(node, path));
            return;
        }
        if (type.getFullName().equals(Value.getDescriptor().getFullName())) {
            builder.mergeFrom(toValue(node, path));
            return;
        }
        if (!node.isObject()) {
            throw new JsonFieldException(path, "must be a JSON object");
        }
        Map<String, FieldDescriptor> fields = FIELDS_BY_NAME.computeIfAbsent(type, ProtoJsonReader::fieldsByName);
        Map<FieldDescriptor, String> spellings = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            FieldDescriptor field = fields.get(key);
            if (field == null || entry.getValue().isNull()) {
                continue;
            }
            String earlier = spellings.putIfAbsent(field, key);
            if (earlier != null) {
                requireSameValue(node, field, earlier, key, path);
                continue;
            }
            boolean alias = !key.equals(field.getName()) && !key.equals(field.getJsonName());
            String fieldPath = child(path, alias ? key : field.getJsonName());
            if (field.isMapField()) {
                mergeMap(field, entry.getValue(), builder, fieldPath);
            } else if (field.isRepeated()) {
                if (!entry.getValue().isArray()) {
                    throw new JsonFieldException(fieldPath, "must be a JSON array");
                }
                int index = 0;
                for (JsonNode element : entry.getValue()) {
                    builder.addRepeatedField(field, single(field, element, builder, fieldPath + "[" + index++ + "]"));
                }
            } else {
                builder.setField(field, single(field, entry.getValue(), builder, fieldPath));
            }
        }
    }

    private static Map<String, FieldDescriptor> fieldsByName(Descriptor type) {
        Map<String, FieldDescriptor> byName = new HashMap<>(JsonAliases.of(type));
        for (FieldDescriptor field : type.getFields()) {
            byName.put(field.getName(), field);
            byName.put(field.getJsonName(), field);
        }
        return Map.copyOf(byName);
    }

    /**
     * Refuses a field given twice, under two spellings, with different values; the error names the
     * spelling that is not the field's JSON name, whichever came first.
     */
    private static void requireSameValue(
            JsonNode node, FieldDescriptor field, String earlier, String key, String path) {
        if (node.get(earlier).equals(node.get(key))) {
            return;
        }
        boolean keyIsJsonName = key.equals(field.getJsonName());
        String blamed = keyIsJsonName ? earlier : key;
        String other = keyIsJsonName ? key : earlier;
        throw new JsonFieldException(
                child(path, blamed),
                "differs from " + child(path, other) + ", another spelling of the same field; give it once");
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static void mergeMap(FieldDescriptor field, JsonNode node, Message.Builder builder, String path) {
        if (!node.isObject()) {
            throw new JsonFieldException(path, "must be a JSON object");
        }
        Descriptor entryType = field.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByName("key");
        FieldDescriptor valueField = entryType.findFieldByName("value");
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String entryPath = path + "." + text(entry.getKey(), path);
            Message.Builder entryBuilder = builder.newBuilderForField(field);
            entryBuilder.setField(keyField, mapKey(keyField, entry.getKey(), entryPath));
            entryBuilder.setField(valueField, single(valueField, entry.getValue(), entryBuilder, entryPath));
            builder.addRepeatedField(field, entryBuilder.build());
        }
    }

    private static Object mapKey(FieldDescriptor keyField, String key, String path) {
        return switch (keyField.getJavaType()) {
            case STRING -> key;
            case BOOLEAN ->
                switch (key) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new JsonFieldException(path, "must have a boolean key");
                };
            default -> single(keyField, com.fasterxml.jackson.databind.node.TextNode.valueOf(key), null, path);
        };
    }

    private static Object single(FieldDescriptor field, JsonNode node, Message.Builder parent, String path) {
        return switch (field.getJavaType()) {
            case INT ->
                integer(
                                node,
                                path,
                                isUnsigned(field) ? 0 : Integer.MIN_VALUE,
                                isUnsigned(field) ? 0xFFFF_FFFFL : Integer.MAX_VALUE)
                        .intValue();
            case LONG ->
                isUnsigned(field)
                        ? integer(
                                        node,
                                        path,
                                        BigInteger.ZERO,
                                        BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
                                .longValue()
                        : integer(node, path, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE))
                                .longValue();
            case FLOAT -> (float) decimal(node, path);
            case DOUBLE -> decimal(node, path);
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new JsonFieldException(path, "must be a boolean (true or false)");
                }
                yield node.booleanValue();
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw new JsonFieldException(path, "must be a string");
                }
                yield text(node.textValue(), path);
            }
            case BYTE_STRING -> {
                if (!node.isTextual()) {
                    throw new JsonFieldException(path, "must be a base64 string");
                }
                try {
                    yield ByteString.copyFrom(Base64.getDecoder().decode(node.textValue()));
                } catch (IllegalArgumentException e) {
                    throw new JsonFieldException(path, "must be a base64 string");
                }
            }
            case ENUM -> enumValue(field.getEnumType(), node, path);
            case MESSAGE -> {
                Message.Builder builder = parent == null
                        ? com.google.protobuf.DynamicMessage.newBuilder(field.getMessageType())
                        : parent.newBuilderForField(field);
                merge(node, builder, path);
                yield builder.build();
            }
        };
    }

    /**
     * The text when it is valid Unicode; a JSON escape can spell a lone surrogate ("\ud800"), which
     * no UTF-8 can carry, so it would be stored as '?' or written back as invalid UTF-8.
     */
    private static String text(String text, String path) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c)
                        || i + 1 >= text.length()
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw new JsonFieldException(
                            path,
                            "must be valid Unicode: it holds a lone surrogate (\\u" + Integer.toHexString(c) + ")");
                }
                i++;
            }
        }
        return text;
    }

    private static boolean isUnsigned(FieldDescriptor field) {
        return switch (field.getType()) {
            case UINT32, FIXED32, UINT64, FIXED64 -> true;
            default -> false;
        };
    }

    private static Long integer(JsonNode node, String path, long min, long max) {
        return integer(node, path, BigInteger.valueOf(min), BigInteger.valueOf(max))
                .longValue();
    }

    private static BigInteger integer(JsonNode node, String path, BigInteger min, BigInteger max) {
        BigInteger value;
        try {
            BigDecimal decimal;
            if (node.isNumber()) {
                decimal = node.decimalValue();
            } else if (node.isTextual()
                    && node.textValue().length() <= 40
                    && node.textValue().chars().allMatch(c -> c < 0x80)) {
                // BigDecimal takes any script's digits ("١" is 1): a number in a string must be ASCII.
                decimal = new BigDecimal(node.textValue().trim());
            } else {
                throw new NumberFormatException();
            }
            decimal = decimal.stripTrailingZeros();
            if (decimal.scale() > 0) {
                throw new ArithmeticException("a fraction");
            }
            // Checked before the conversion, which would spell out an exponent like 1e20000000 digit by digit.
            if (decimal.precision() - decimal.scale() > 20) {
                throw new JsonFieldException(path, "must be an integer from " + min + " to " + max);
            }
            value = decimal.toBigIntegerExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new JsonFieldException(path, "must be an integer");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new JsonFieldException(path, "must be an integer from " + min + " to " + max);
        }
        return value;
    }

    private static double decimal(JsonNode node, String path) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(node.textValue());
                    } catch (NumberFormatException e) {
                        break;
                    }
            }
        }
        throw new JsonFieldException(path, "must be a number");
    }

    private static EnumValueDescriptor enumValue(EnumDescriptor type, JsonNode node, String path) {
        EnumValueDescriptor value = null;
        if (node.isTextual()) {
            value = type.findValueByName(node.textValue());
        } else if (node.isIntegralNumber() && node.canConvertToInt()) {
            value = type.findValueByNumber(node.intValue());
        }
        if (value == null || value.getNumber() == 0) {
            String allowed = type.getValues().stream()
                    .filter(v -> v.getNumber() != 0)
                    .map(EnumValueDescriptor::getName)
                    .collect(Collectors.joining(", "));
            throw new JsonFieldException(path, "must be one of " + allowed);
        }
        return value;
    }

    private static Struct toStruct(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new JsonFieldException(path, "must be a JSON object");
        }
        Struct.Builder struct = Struct.newBuilder();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            text(entry.getKey(), path);
            struct.putFields(
                    entry.getKey(),
                    toValue(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey()));
        }
        return struct.build();
    }

    private static Value toValue(JsonNode node, String path) {
        Value.Builder value = Value.newBuilder();
        switch (node.getNodeType()) {
            case NULL -> value.setNullValue(NullValue.NULL_VALUE);
            case BOOLEAN -> value.setBoolValue(node.booleanValue());
            case NUMBER -> value.setNumberValue(node.doubleValue());
            case STRING -> value.setStringValue(text(node.textValue(), path));
            case OBJECT -> value.setStructValue(toStruct(node, path));
            case ARRAY -> {
                ListValue.Builder list = ListValue.newBuilder();
                int index = 0;
                for (JsonNode element : node) {
                    list.addValues(toValue(element, path + "[" + index++ + "]"));
                }
                value.setListValue(list);
            }
            default -> throw new JsonFieldException(path, "must be a JSON value");
        }
        return value.build();
    }
}
