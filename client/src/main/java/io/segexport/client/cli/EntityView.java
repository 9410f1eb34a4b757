package io.segexport.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.v1.Entity;
import java.io.PrintWriter;

/** A merged profile for a person: where it comes from, then the profile itself as indented JSON. */
final class EntityView {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EntityView() {}

    static void details(Entity entity, TimeFormat times, PrintWriter out) {
        Table.pairs()
                .row("entity", entity.getEntityId())
                .row("last modified", times.rfc3339(entity.getLastModifiedAt()))
                .row("merge policy", entity.getMergePolicy().getId())
                .print(out);
        out.println(indented(ProtoJsonWriter.toJson(entity.getEntity())));
    }

    private static String indented(String json) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the codec wrote JSON that does not parse back", e);
        }
    }
}
