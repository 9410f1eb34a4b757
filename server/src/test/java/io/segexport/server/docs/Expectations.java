package io.segexport.server.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of one block, written {@code <!-- expect: ... -->} just above it (docs/testing.md
 * lists them): statuses of its HTTP answers, values at JSON Pointers of its last answer, text in its
 * output, and the key fields or lines of the sample shown after it.
 */
final class Expectations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN = Pattern.compile("\\S+?~\"[^\"]*\"|\\S+");
    private static final Pattern STATUSES = Pattern.compile("status=(\\d{3}(?:,\\d{3})*)");

    private final List<String> checks;

    private Expectations(List<String> checks) {
        this.checks = checks;
    }

    static Expectations parse(String expect) {
        List<String> checks = new ArrayList<>();
        Matcher token = TOKEN.matcher(expect);
        while (token.find()) {
            checks.add(token.group());
        }
        return new Expectations(checks);
    }

    /** Whether some check reads the sample shown after the block, so that the sample is known to be the product's. */
    boolean readSample() {
        return checks.stream()
                .anyMatch(c -> c.equals("sample") || c.startsWith("lines=") || (c.startsWith("/") && !c.contains("=")));
    }

    /** What the run did otherwise than these checks say; empty when it did all of it. */
    List<String> failures(BlockRun run, Optional<MarkdownFile.Block> sample) {
        List<String> failures = new ArrayList<>();
        for (String check : checks) {
            checkOne(check, run, sample).ifPresent(failures::add);
        }
        return failures;
    }

    private Optional<String> checkOne(String check, BlockRun run, Optional<MarkdownFile.Block> sample) {
        Matcher statuses = STATUSES.matcher(check);
        if (statuses.matches()) {
            return statuses(statuses.group(1), run);
        }
        if (check.startsWith("out~\"")) {
            String text = check.substring(5, check.length() - 1);
            return run.output().contains(text)
                    ? Optional.empty()
                    : Optional.of("the output does not hold \"" + text + "\"");
        }
        if (check.equals("sample")) {
            String text = sampleText(check, sample).strip();
            return run.output().contains(text)
                    ? Optional.empty()
                    : Optional.of("the output does not hold the sample:\n" + text);
        }
        if (check.startsWith("lines=")) {
            return lines(Set.of(check.substring(6).split(",")), run, sampleText(check, sample));
        }
        if (check.startsWith("/")) {
            return pointer(check, run, sample);
        }
        throw new IllegalArgumentException("not a check: " + check);
    }

    private static Optional<String> statuses(String expected, BlockRun run) {
        List<Integer> want =
                Arrays.stream(expected.split(",")).map(Integer::parseInt).toList();
        List<Integer> got = run.answers().stream().map(BlockRun.Answer::status).toList();
        boolean ok = want.size() == 1 ? !got.isEmpty() && got.stream().allMatch(want.get(0)::equals) : got.equals(want);
        return ok ? Optional.empty() : Optional.of("HTTP statuses " + got + ", not " + expected);
    }

    private static Optional<String> lines(Set<String> words, BlockRun run, String sample) {
        Set<String> output = run.output().lines().map(String::stripTrailing).collect(Collectors.toSet());
        List<String> wanted = sample.lines()
                .map(String::stripTrailing)
                .filter(line -> words.contains(line.split("\\s+", 2)[0]))
                .toList();
        if (wanted.size() < words.size()) {
            return Optional.of("the sample has no line for some of " + words);
        }
        List<String> missing =
                wanted.stream().filter(line -> !output.contains(line)).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("the output lacks the sample's lines " + missing);
    }

    private static Optional<String> pointer(String check, BlockRun run, Optional<MarkdownFile.Block> sample) {
        int eq = check.indexOf('=');
        String path = eq < 0 ? check : check.substring(0, eq);
        Optional<JsonNode> answer = run.lastJson();
        if (answer.isEmpty()) {
            return Optional.of(path + ": the block's last answer is not JSON");
        }
        JsonNode actual = answer.get().at(path);
        if (actual.isMissingNode() || actual.isNull()) {
            return Optional.of(path + " is not in the answer " + answer.get());
        }
        if (eq >= 0) {
            String expected = check.substring(eq + 1);
            return actual.isValueNode() && actual.asText().equals(expected)
                    ? Optional.empty()
                    : Optional.of(path + " is " + actual + ", not " + expected);
        }
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        JsonNode shown = sampleJson(sample.get()).at(path);
        if (shown.isMissingNode()) {
            return Optional.of(path + " is not in the sample");
        }
        return shown.equals(actual)
                ? Optional.empty()
                : Optional.of(path + " is " + actual + ", the sample shows " + shown);
    }

    private static String sampleText(String check, Optional<MarkdownFile.Block> sample) {
        return sample.orElseThrow(
                        () -> new IllegalArgumentException(check + " needs a sample shown right after the block"))
                .text();
    }

    private static JsonNode sampleJson(MarkdownFile.Block sample) {
        try {
            return JSON.readTree(sample.text());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "the sample at line " + sample.line() + " is not JSON: " + e.getOriginalMessage());
        }
    }
}
