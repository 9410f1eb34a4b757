package io.segexport.server.catalog;

import io.segexport.server.limits.Limit;
import io.segexport.server.validation.Texts;
import io.segexport.v1.DataSet;
import io.segexport.v1.SchemaRef;

/** Checks a create-dataset request and keeps only its input fields. */
final class DataSetValidator {
    private DataSetValidator() {}

    static DataSet validate(DataSet request) {
        return DataSet.newBuilder()
                .setName(Texts.check("name", request.getName(), Limit.NAME_LENGTH, true))
                .setDescription(Texts.check("description", request.getDescription(), Limit.TEXT_LENGTH, false))
                .setSchemaRef(SchemaRef.newBuilder()
                        .setId(Texts.check(
                                "schemaRef.id", request.getSchemaRef().getId(), Limit.TEXT_LENGTH, true))
                        .setContentType(Texts.check(
                                "schemaRef.contentType",
                                request.getSchemaRef().getContentType(),
                                Limit.TEXT_LENGTH,
                                false)))
                .setTags(DataSetTags.check("tags", request.getTags()))
                .build();
    }
}
