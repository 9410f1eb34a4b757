package io.segexport.server.pql;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.time.Instant;
import java.util.List;

/**
 * Any text is either an expression, which then evaluates over a profile and events without failing,
 * or refused with a {@link PqlSyntaxException} whose position lies within the text (the API's 400):
 * never another exception, which would be a 500 or a failed job.
 */
class PqlFuzzTest {
    private static final Struct EVENT = Struct.newBuilder()
            .putFields(
                    "timestamp",
                    Value.newBuilder().setStringValue("2026-11-28T00:00:00Z").build())
            .putFields("value", Value.newBuilder().setNumberValue(3).build())
            .build();
    private static final Struct PROFILE = Struct.newBuilder()
            .putFields("age", Value.newBuilder().setNumberValue(36).build())
            .putFields("optIn", Value.newBuilder().setBoolValue(true).build())
            .putFields("a", Value.newBuilder().setStructValue(EVENT).build())
            .build();

    @FuzzTest
    void anyTextParsesOrIsRefusedAtAPosition(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Evaluator evaluator;
        try {
            evaluator = Evaluator.of(text);
        } catch (PqlSyntaxException e) {
            assertThat(e.position()).isBetween(0, text.length());
            assertThat(e.getMessage())
                    .startsWith("at position " + e.position() + ": ")
                    .hasSizeLessThan(1000);
            return;
        }
        Instant now = Instant.parse("2026-11-29T00:00:00Z");
        evaluator.qualifies(PROFILE, List.of(EVENT, PROFILE), now);
        evaluator.qualifies(Struct.getDefaultInstance(), List.of(), now);
    }
}
