package io.segexport.v1;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code x-request-id} header: taken from the caller when it is a sane token, made up
 * otherwise, and carried from the REST gateway through the gRPC service into jobs and errors.
 */
public final class RequestIds {
    public static final String HEADER = "x-request-id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {}

    /** The caller's id when it is 1 to 128 characters of {@code [A-Za-z0-9._:-]}, else a new one. */
    public static String acceptOrGenerate(String given) {
        return given != null && VALID.matcher(given).matches() ? given : generate();
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
