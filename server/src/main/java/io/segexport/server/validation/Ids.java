package io.segexport.server.validation;

import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.rpc.ServiceErrors;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The rules for id-like request values. Every id is bounded (the id-length limit, 256 characters by
 * default) and free of control characters; ids that name stored things a caller may later see as
 * files or folders (identities, datasets, events) must also be nothing path-like, so that no id can
 * ever walk out of its folder.
 */
public final class Ids {
    private Ids() {}

    /** Checks an id-like value: within the id-length limit, no control characters. Empty passes: callers say when it is required. */
    public static String check(String field, String value) {
        tooLong(value).ifPresent(problem -> {
            throw ServiceErrors.invalidArgument(field, problem);
        });
        if (hasControlCharacters(value)) {
            throw ServiceErrors.invalidArgument(field, "must not contain control characters");
        }
        return value;
    }

    /** Checks an id-like value as {@link #check(String, String)} does, naming the field only when it is refused. */
    public static String check(Supplier<String> field, String value) {
        if (value.length() > Limits.current().idLength() || hasControlCharacters(value)) {
            check(field.get(), value);
        }
        return value;
    }

    /** Checks a safe id (see {@link #safeIdProblem}); a 400 naming {@code field} otherwise. */
    public static String checkSafe(String field, String value) {
        Optional<String> problem = safeIdProblem(value);
        if (problem.isPresent()) {
            throw ServiceErrors.invalidArgument(field, problem.get());
        }
        return value;
    }

    /**
     * What is wrong with {@code value} as a safe id, completing a sentence that starts with its name:
     * it must be 1 to id-length characters, without control characters (NUL included), "..", "/" or "\".
     */
    public static Optional<String> safeIdProblem(String value) {
        if (value.isEmpty()) {
            return Optional.of("is required");
        }
        Optional<String> tooLong = tooLong(value);
        if (tooLong.isPresent()) {
            return tooLong;
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of("must not contain NUL");
        }
        if (hasControlCharacters(value)) {
            return Optional.of("must not contain control characters");
        }
        if (value.contains("..") || value.contains("/") || value.contains("\\")) {
            return Optional.of("must not be path-like: \"..\", \"/\" and \"\\\" are not allowed, as in \""
                    + Texts.shorten(value) + "\"");
        }
        return Optional.empty();
    }

    /** Every control character is in the BMP, so a char loop finds them all (ingestion checks many ids). */
    private static boolean hasControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** What is wrong with an id longer than the id-length limit, completing a sentence that starts with its name. */
    private static Optional<String> tooLong(String value) {
        int max = Limits.current().idLength();
        return value.length() > max
                ? Optional.of("must be at most " + max + " characters (the " + Limit.ID_LENGTH.flagName() + " limit)")
                : Optional.empty();
    }
}
