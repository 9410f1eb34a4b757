package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {
    private static List<JsonLine> read(byte[] content, int maxLineBytes) throws IOException {
        List<JsonLine> lines = new ArrayList<>();
        try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(content), maxLineBytes)) {
            for (JsonLine line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<JsonLine> read(String content) throws IOException {
        return read(content.getBytes(StandardCharsets.UTF_8), JsonLinesReader.MAX_LINE_BYTES);
    }

    private static Struct record(String key, String value) {
        return Struct.newBuilder()
                .putFields(key, Value.newBuilder().setStringValue(value).build())
                .build();
    }

    @Test
    void eachObjectLineIsARecordWithItsLineNumber() throws IOException {
        assertThat(read("{\"a\": \"1\"}\n{\"b\": \"2\"}\n"))
                .containsExactly(new JsonLine.Record(1, record("a", "1")), new JsonLine.Record(2, record("b", "2")));
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        assertThat(read("\n  \t\n{\"a\": \"1\"}\n\n")).containsExactly(new JsonLine.Record(3, record("a", "1")));
    }

    @Test
    void crlfLineEndsAndALastLineWithoutOneAreRead() throws IOException {
        assertThat(read("{\"a\": \"1\"}\r\n{\"b\": \"2\"}"))
                .containsExactly(new JsonLine.Record(1, record("a", "1")), new JsonLine.Record(2, record("b", "2")));
    }

    @Test
    void badLinesAreReportedByNumberAndReadingGoesOn() throws IOException {
        List<JsonLine> lines = read("""
                {"a": "1"}
                {"a":
                [1, 2]
                "text"
                {"a": "1"} {"b": "2"}
                {"a": "1", "a": "2"}
                {"b": "2"}
                """);
        assertThat(lines).extracting(JsonLine::number).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(lines.get(0)).isInstanceOf(JsonLine.Record.class);
        assertThat(((JsonLine.Bad) lines.get(1)).problem()).startsWith("not valid JSON (column ");
        assertThat(((JsonLine.Bad) lines.get(2)).problem()).isEqualTo("not a JSON object but an array");
        assertThat(((JsonLine.Bad) lines.get(3)).problem()).isEqualTo("not a JSON object but a string");
        assertThat(((JsonLine.Bad) lines.get(4)).problem()).startsWith("not valid JSON");
        assertThat(((JsonLine.Bad) lines.get(5)).problem()).contains("Duplicate field 'a'");
        assertThat(lines.get(6)).isEqualTo(new JsonLine.Record(7, record("b", "2")));
    }

    @Test
    void invalidUtf8SpoilsOnlyItsOwnLine() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes("{\"a\": \"".getBytes(StandardCharsets.UTF_8));
        content.write(0xff);
        content.writeBytes("\"}\n{\"b\": \"2\"}\n".getBytes(StandardCharsets.UTF_8));
        List<JsonLine> lines = read(content.toByteArray(), JsonLinesReader.MAX_LINE_BYTES);
        assertThat(((JsonLine.Bad) lines.get(0)).problem()).contains("UTF-8");
        assertThat(lines.get(1)).isEqualTo(new JsonLine.Record(2, record("b", "2")));
    }

    @Test
    void zeroBytesDoNotMakeALineReadAsUtf32() throws IOException {
        byte[] content = "{\0\0\0\0\0a]\"b\":1}\n{\"b\": \"2\"}\n".getBytes(StandardCharsets.UTF_8);
        List<JsonLine> lines = read(content, JsonLinesReader.MAX_LINE_BYTES);
        assertThat(((JsonLine.Bad) lines.get(0)).problem())
                .startsWith("not valid JSON")
                .contains("CTRL-CHAR, code 0");
        assertThat(lines.get(1)).isEqualTo(new JsonLine.Record(2, record("b", "2")));
    }

    @Test
    void aLineLongerThanTheReadBufferIsReadWhole() throws IOException {
        String big = "x".repeat(200_000);
        assertThat(read("{\"big\": \"" + big + "\"}\n")).containsExactly(new JsonLine.Record(1, record("big", big)));
    }

    @Test
    void aLineLongerThanTheLimitIsBadWithoutBeingBuffered() throws IOException {
        String content = "{\"big\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}\n{\"b\": \"2\"}\n";
        List<JsonLine> lines = read(content.getBytes(StandardCharsets.UTF_8), 1024 * 1024);
        assertThat(lines)
                .containsExactly(new JsonLine.Bad(1, "longer than 1 MiB"), new JsonLine.Record(2, record("b", "2")));
    }
}
