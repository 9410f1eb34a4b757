package io.segexport.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Byte and JSON-tree helpers of the hostile-input cases. */
final class HostileBytes {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HostileBytes() {}

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** The body as a JSON tree, or null when it is none: an answer is judged, not trusted. */
    static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Whether a mutation at {@code mutated} touches the sentinel at {@code sentinel} (one is a prefix of the other). */
    static boolean overlaps(List<Object> sentinel, List<Object> mutated) {
        if (mutated.isEmpty()) {
            return false;
        }
        int common = Math.min(sentinel.size(), mutated.size());
        return sentinel.subList(0, common).equals(mutated.subList(0, common));
    }

    /** Sets the value at a path of names and indexes, making the objects and arrays on the way. */
    static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            boolean nextIsIndex = path.get(i + 1) instanceof Integer;
            JsonNode child = step instanceof Integer index ? node.path(index) : node.path((String) step);
            if (child.isMissingNode()
                    || child.isNull()
                    || nextIsIndex != child.isArray()
                    || !(child.isContainerNode())) {
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

    static byte[] withField(String json, String name, String value) {
        return ("{\"" + name + "\": " + value + ", " + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    /** The body with the content of its first JSON string value replaced by these bytes. */
    static byte[] replaceFirstString(byte[] body, byte[] content) {
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

    static byte[] replace(byte[] bytes, byte[] part, byte[] with) {
        int at = indexOf(bytes, part, 0);
        return concat(
                Arrays.copyOfRange(bytes, 0, at), with, Arrays.copyOfRange(bytes, at + part.length, bytes.length));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] concat(String text, byte[] more) {
        return concat(text.getBytes(StandardCharsets.ISO_8859_1), more);
    }

    static byte[] repeat(byte value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, value);
        return bytes;
    }

    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars()
                .forEach(c -> out.append(
                        c < 0x20 || c >= 0x7F ? String.format(Locale.ROOT, "\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    /** Bytes as hex, for case names. */
    static final class HexFormatted {
        static String of(byte[] bytes) {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
