package io.segexport.server.catalog;

import com.google.protobuf.Value;
import io.segexport.server.limits.Limit;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Texts;
import io.segexport.v1.DataSet;
import io.segexport.v1.PatchOperation;
import java.util.List;

/**
 * JSON Patch (RFC 6902) operations on a dataset, as the platform's Catalog takes them: "add",
 * "replace" and "remove" of {@code /name}, {@code /description} and {@code /tags/{tag}}. Applied in
 * order to a copy, so that a bad operation leaves the dataset as it was.
 */
final class DataSetPatch {
    static final int MAX_OPERATIONS = 100;

    private DataSetPatch() {}

    static DataSet apply(DataSet dataSet, List<PatchOperation> operations) {
        if (operations.isEmpty()) {
            throw ServiceErrors.invalidArgument("operations", "must hold at least one operation");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw ServiceErrors.invalidArgument("operations", "holds more than " + MAX_OPERATIONS + " operations");
        }
        DataSet.Builder patched = dataSet.toBuilder();
        for (int i = 0; i < operations.size(); i++) {
            apply(patched, operations.get(i), "operations[" + i + "]");
        }
        DataSetTags.check("tags", patched.getTags());
        return patched.build();
    }

    private static void apply(DataSet.Builder dataSet, PatchOperation operation, String field) {
        String op = operation.getOp();
        if (!op.equals("add") && !op.equals("replace") && !op.equals("remove")) {
            throw ServiceErrors.invalidArgument(
                    field + ".op",
                    op.isEmpty()
                            ? "is required (add, replace or remove)"
                            : "must be add, replace or remove, not \"" + Texts.shorten(op) + "\"");
        }
        String path = operation.getPath();
        boolean remove = op.equals("remove");
        if (!remove && !operation.hasValue()) {
            throw ServiceErrors.invalidArgument(field + ".value", "is required for " + op);
        }
        if (path.equals("/name")) {
            if (remove) {
                throw ServiceErrors.invalidArgument(field + ".path", "/name cannot be removed: a dataset has a name");
            }
            dataSet.setName(
                    Texts.check(field + ".value", string(field, operation.getValue()), Limit.NAME_LENGTH, true));
        } else if (path.equals("/description")) {
            dataSet.setDescription(
                    remove
                            ? ""
                            : Texts.check(
                                    field + ".value", string(field, operation.getValue()), Limit.TEXT_LENGTH, false));
        } else if (path.startsWith("/tags/") && path.length() > "/tags/".length()) {
            String tag = unescape(path.substring("/tags/".length()));
            if (remove) {
                if (!dataSet.getTags().containsFields(tag)) {
                    throw ServiceErrors.invalidArgument(
                            field + ".path", "names no tag of the dataset: " + Texts.shorten(path));
                }
                dataSet.getTagsBuilder().removeFields(tag);
            } else {
                DataSetTags.checkValues(field + ".value", operation.getValue());
                dataSet.getTagsBuilder().putFields(tag, operation.getValue());
            }
        } else {
            throw ServiceErrors.invalidArgument(
                    field + ".path",
                    path.isEmpty()
                            ? "is required (/name, /description or /tags/{tag})"
                            : "must be /name, /description or /tags/{tag}, not \"" + Texts.shorten(path) + "\"");
        }
    }

    private static String string(String field, Value value) {
        if (!value.hasStringValue()) {
            throw ServiceErrors.invalidArgument(field + ".value", "must be a string");
        }
        return value.getStringValue();
    }

    /** A JSON Pointer segment: "~1" is "/", "~0" is "~" (RFC 6901). */
    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }
}
