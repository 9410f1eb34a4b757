package io.segexport.client.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import io.segexport.json.ProtoJsonReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a JSON Lines file one line at a time, so a file larger than memory streams through. Each
 * line is parsed on its own: a line that is not a JSON object (malformed JSON, invalid UTF-8, an
 * array, a line too long to be sent) becomes a {@link JsonLine.Bad} naming its problem, and reading
 * goes on with the next line. Blank lines are skipped. Lines end with LF or CRLF.
 */
final class JsonLinesReader implements Closeable {
    /** gRPC's default limit on a message: a longer record could never be sent. */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean endOfInput;
    private byte[] line = new byte[1024];
    private int lineLength;
    private boolean lineTooLong;
    private long number;

    JsonLinesReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    static JsonLinesReader open(Path file) throws IOException {
        return new JsonLinesReader(Files.newInputStream(file), MAX_LINE_BYTES);
    }

    /** The next non-blank line, or null at the end of the file. */
    JsonLine next() throws IOException {
        while (readLine()) {
            number++;
            if (lineTooLong) {
                return new JsonLine.Bad(number, "longer than " + maxLineBytes / (1024 * 1024) + " MiB");
            }
            if (!isBlank()) {
                return parse();
            }
        }
        return null;
    }

    private JsonLine parse() {
        // Decoded here rather than by Jackson, which guesses UTF-16 or UTF-32 from zero bytes: JSON
        // Lines is UTF-8 only.
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(line, 0, lineLength)).toString();
        } catch (CharacterCodingException e) {
            return new JsonLine.Bad(number, "not valid UTF-8");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage()
                    .replaceAll("\\s*\\(start marker at .*", "")
                    .replaceAll("\\s+", " ");
            return new JsonLine.Bad(
                    number, "not valid JSON (column " + e.getLocation().getColumnNr() + "): " + problem);
        }
        if (!node.isObject()) {
            return new JsonLine.Bad(number, "not a JSON object but " + kind(node));
        }
        Struct.Builder record = Struct.newBuilder();
        ProtoJsonReader.merge(node, record, "");
        return new JsonLine.Record(number, record.build());
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }

    /** Reads up to the next LF into {@code line}; false at the end of the input. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        lineTooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (endOfInput || !fill()) {
                    return any;
                }
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            append(position, end - position);
            boolean endOfLine = end < limit;
            position = endOfLine ? end + 1 : end;
            if (endOfLine) {
                return true;
            }
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        if (read < 0) {
            endOfInput = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    /** Keeps at most maxLineBytes of a line: the rest of a longer one is skipped, not buffered. */
    private void append(int from, int length) {
        if (lineTooLong || lineLength + length > maxLineBytes) {
            lineTooLong = true;
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + length)));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    private boolean isBlank() {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
