package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Any file: every non-blank line comes out once, in order, as a record or as a bad line naming its problem. */
class JsonLinesReaderFuzzTest {
    @FuzzTest
    void anyFileReadsLineByLine(FuzzedDataProvider data) throws IOException {
        int maxLineBytes = data.consumeInt(1, 4096);
        byte[] file = data.consumeRemainingAsBytes();
        try (JsonLinesReader reader = new JsonLinesReader(new ByteArrayInputStream(file), maxLineBytes)) {
            long previous = 0;
            for (JsonLine line = reader.next(); line != null; line = reader.next()) {
                assertThat(line.number()).isGreaterThan(previous);
                previous = line.number();
                if (line instanceof JsonLine.Bad bad) {
                    assertThat(bad.problem()).isNotBlank();
                }
            }
            assertThat(previous).isLessThanOrEqualTo(file.length + 1L);
        }
    }
}
