package io.segexport.server.jobs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A position in the newest-first listing of jobs: {@code {creationTime}_{id}} of the last job seen. */
public record JobCursor(long creationTime, long id) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,18})_(\\d{1,18})");

    /** Parses the text form; empty when it is not a cursor. */
    public static Optional<JobCursor> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new JobCursor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }

    @Override
    public String toString() {
        return creationTime + "_" + id;
    }
}
