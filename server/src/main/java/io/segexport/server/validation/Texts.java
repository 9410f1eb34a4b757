package io.segexport.server.validation;

import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.rpc.ServiceErrors;

/** Request values as error messages quote them, and the length limits of free text. */
public final class Texts {
    private Texts() {}

    /**
     * The value when it is no longer than {@code limit} (name-length or text-length) allows; a
     * 400 naming {@code field} and the limit otherwise.
     */
    public static String checkLength(String field, String value, Limit limit) {
        int max = Limits.current().get(limit);
        if (value.length() > max) {
            throw ServiceErrors.invalidArgument(
                    field, "must be at most " + max + " characters (the " + limit.flagName() + " limit)");
        }
        return value;
    }

    /**
     * Free text of a resource (a name, a description): not blank when {@code required}, no longer than
     * {@code maxLength} allows, no control characters but newlines and tabs; a 400 naming {@code field} otherwise.
     */
    public static String check(String field, String value, Limit maxLength, boolean required) {
        if (required && value.isBlank()) {
            throw ServiceErrors.invalidArgument(field, "is required");
        }
        checkLength(field, value, maxLength);
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw ServiceErrors.invalidArgument(field, "must not contain control characters");
        }
        return value;
    }

    /** A value cut short for quoting in an error message, control characters shown as '?'. */
    public static String shorten(String value) {
        String printable = value.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
