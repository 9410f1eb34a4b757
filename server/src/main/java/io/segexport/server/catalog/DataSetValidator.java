package io.segexport.server.catalog;

import io.segexport.server.rpc.ServiceErrors;
import io.segexport.v1.DataSet;
import io.segexport.v1.SchemaRef;

/** Checks a create-dataset request and keeps only its input fields. */
final class DataSetValidator {
    private static final int MAX_NAME = 256;
    private static final int MAX_DESCRIPTION = 4096;
    private static final int MAX_SCHEMA_ID = 512;

    private DataSetValidator() {}

    static DataSet validate(DataSet request) {
        return DataSet.newBuilder()
                .setName(text("name", request.getName(), MAX_NAME, true))
                .setDescription(text("description", request.getDescription(), MAX_DESCRIPTION, false))
                .setSchemaRef(SchemaRef.newBuilder()
                        .setId(text("schemaRef.id", request.getSchemaRef().getId(), MAX_SCHEMA_ID, true))
                        .setContentType(text("schemaRef.contentType", request.getSchemaRef().getContentType(), MAX_SCHEMA_ID, false)))
                .build();
    }

    private static String text(String field, String value, int maxLength, boolean required) {
        if (required && value.isBlank()) {
            throw ServiceErrors.invalidArgument(field, "is required");
        }
        if (value.length() > maxLength) {
            throw ServiceErrors.invalidArgument(field, "must be at most " + maxLength + " characters");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw ServiceErrors.invalidArgument(field, "must not contain control characters");
        }
        return value;
    }
}
