package io.segexport.server.segments;

import io.segexport.server.limits.Limit;
import io.segexport.server.mergepolicies.BuiltInPolicy;
import io.segexport.server.pql.Parser;
import io.segexport.server.pql.PqlSyntaxException;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.ProfileSchema;
import io.segexport.server.validation.Texts;
import io.segexport.v1.PqlExpression;
import io.segexport.v1.SegmentDefinition;
import java.nio.charset.StandardCharsets;

/**
 * Turns a create request into the input fields of a segment definition: every field checked (a 400
 * naming the first field at fault), the expression parsed, defaults filled in, output-only fields
 * dropped. Whether the merge policy exists is the service's to check, as it needs the store.
 */
final class SegmentDefinitionValidator {
    static final String PQL = "PQL";
    static final String PQL_TEXT = "pql/text";
    /** The most UTF-8 bytes of an expression: 64 KiB. */
    static final int MAX_EXPRESSION_BYTES = 64 << 10;

    private SegmentDefinitionValidator() {}

    static SegmentDefinition validate(SegmentDefinition given) {
        return SegmentDefinition.newBuilder()
                .setName(Texts.check("name", given.getName(), Limit.NAME_LENGTH, true))
                .setDescription(Texts.check("description", given.getDescription(), Limit.TEXT_LENGTH, false))
                .setSchema(ProfileSchema.check(given.getSchema()))
                .setExpression(expression(given))
                .setMergePolicyId(mergePolicyId(given.getMergePolicyId()))
                .build();
    }

    private static PqlExpression expression(SegmentDefinition given) {
        if (!given.hasExpression()) {
            throw ServiceErrors.invalidArgument(
                    "expression",
                    "is required: {\"type\": \"" + PQL + "\", \"format\": \"" + PQL_TEXT
                            + "\", \"value\": the PQL text}");
        }
        PqlExpression expression = given.getExpression();
        fixed("expression.type", expression.getType(), PQL);
        fixed("expression.format", expression.getFormat(), PQL_TEXT);
        String value = expression.getValue();
        if (value.isBlank()) {
            throw ServiceErrors.invalidArgument("expression.value", "is required: the PQL text");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            throw ServiceErrors.invalidArgument(
                    "expression.value", "must be at most " + MAX_EXPRESSION_BYTES + " bytes of UTF-8, not " + bytes);
        }
        try {
            Parser.parse(value);
        } catch (PqlSyntaxException e) {
            throw ServiceErrors.invalidArgument("expression.value", "does not parse: " + e.getMessage());
        }
        return PqlExpression.newBuilder()
                .setType(PQL)
                .setFormat(PQL_TEXT)
                .setValue(value)
                .build();
    }

    private static String mergePolicyId(String given) {
        return given.isEmpty() ? BuiltInPolicy.ID : Ids.check("mergePolicyId", given);
    }

    /** A field that only one value is allowed in (the expression's type and format). */
    private static void fixed(String field, String value, String allowed) {
        if (value.isEmpty()) {
            throw ServiceErrors.invalidArgument(field, "is required (\"" + allowed + "\")");
        }
        if (!value.equals(allowed)) {
            throw ServiceErrors.invalidArgument(
                    field, "must be \"" + allowed + "\", the only one supported, not \"" + Texts.shorten(value) + "\"");
        }
    }
}
