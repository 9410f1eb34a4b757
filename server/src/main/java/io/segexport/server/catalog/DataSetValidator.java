package io.segexport.server.catalog;

import io.segexport.server.limits.Limit;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Texts;
import io.segexport.v1.DataSet;
import io.segexport.v1.SchemaRef;

/** Checks a create-dataset request and keeps only its input fields. */
final class DataSetValidator {
    private DataSetValidator() {}

    static DataSet validate(DataSet request) {
        return DataSet.newBuilder()
                .setName(text("name", request.getName(), Limit.NAME_LENGTH, true))
                .setDescription(text("description", request.getDescription(), Limit.TEXT_LENGTH, false))
                .setSchemaRef(SchemaRef.newBuilder()
                        .setId(text("schemaRef.id", request.getSchemaRef().getId(), Limit.TEXT_LENGTH, true))
                        .setContentType(text("schemaRef.contentType", request.getSchemaRef().getContentType(),
                                Limit.TEXT_LENGTH, false)))
                .build();
    }

    private static String text(String field, String value, Limit maxLength, boolean required) {
        if (required && value.isBlank()) {
            throw ServiceErrors.invalidArgument(field, "is required");
        }
        Texts.checkLength(field, value, maxLength);
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw ServiceErrors.invalidArgument(field, "must not contain control characters");
        }
        return value;
    }
}
