package io.segexport.server.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What one shell block of the documentation did: its output, and the HTTP answers of its
 * {@code curl} calls in the order they came.
 *
 * @param finished whether the block ran to its end (a failing command stops the whole file there)
 */
public record BlockRun(boolean finished, String stdout, String stderr, List<Answer> answers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP answer; {@code body} is what curl wrote to standard output, if anything. */
    public record Answer(int status, String body) {}

    /** Standard output and standard error together, as a reader of a terminal sees them. */
    public String output() {
        return stdout + stderr;
    }

    /**
     * The answer the block's field checks read: the last JSON value it printed on standard output
     * (what the reader sees, and what a sample shows), or, when it printed none, its last HTTP
     * answer's body.
     */
    public Optional<JsonNode> lastJson() {
        Optional<JsonNode> printed = lastValue(stdout);
        if (printed.isPresent() || answers.isEmpty()) {
            return printed;
        }
        return lastValue(answers.get(answers.size() - 1).body());
    }

    private static Optional<JsonNode> lastValue(String text) {
        try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(text)) {
            JsonNode last = null;
            while (values.hasNext()) {
                last = values.next();
            }
            return Optional.ofNullable(last);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
