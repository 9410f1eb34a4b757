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
            throw ServiceErrors.invalidArgument(field, "must be at most " + max + " characters (the "
                    + limit.flagName() + " limit)");
        }
        return value;
    }

    /** A value cut short for quoting in an error message, control characters shown as '?'. */
    public static String shorten(String value) {
        String printable = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
