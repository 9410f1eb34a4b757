package io.segexport.server.ingest.batches;

import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Texts;
import java.util.regex.Pattern;

/** The names an uploaded file may have: one path segment, never hidden, so it cannot reach outside its batch's folder. */
final class FileNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private FileNames() {}

    static String check(String field, String name) {
        if (name.isEmpty()) {
            throw ServiceErrors.invalidArgument(field, "is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw ServiceErrors.invalidArgument(
                    field,
                    "must be 1 to 128 letters, digits, '.', '_' or '-', not starting with '.', not \""
                            + Texts.shorten(name) + "\"");
        }
        return name;
    }
}
