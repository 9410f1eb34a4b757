package io.segexport.server.validation;

import io.segexport.server.rpc.ServiceErrors;
import java.util.regex.Pattern;

/**
 * Ids of stored resources (datasets, batches, files): 1 to 128 characters of {@code [A-Za-z0-9_-]}.
 * Anything else, a dot, a slash, a NUL, is refused before it reaches a key or a file path.
 */
public final class ResourceIds {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private ResourceIds() {}

    /** The id, or a 400 naming {@code field}. */
    public static String check(String field, String id) {
        if (id.isEmpty()) {
            throw ServiceErrors.invalidArgument(field, "is required");
        }
        if (!FORMAT.matcher(id).matches()) {
            throw ServiceErrors.invalidArgument(field, "must be 1 to 128 letters, digits, '_' or '-'");
        }
        return id;
    }
}
