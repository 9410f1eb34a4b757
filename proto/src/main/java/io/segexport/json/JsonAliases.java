package io.segexport.json;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.segexport.v1.Destination;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Spellings the JSON reader takes for a field besides its JSON and proto names: ones the
 * documentation uses that the contract cannot declare, because proto3 forbids two fields whose
 * JSON names differ only in case (protoc and the Python runtime refuse such a file). Input only:
 * the writer always uses the field's JSON name.
 */
public final class JsonAliases {
    /** Message full name, then alias, then the number of the field it spells. */
    private static final Map<String, Map<String, Integer>> ALIASES =
            Map.of(Destination.getDescriptor().getFullName(), Map.of("dataSetId", Destination.DATASET_ID_FIELD_NUMBER));

    private JsonAliases() {}

    /** The aliases of {@code type}'s fields, alias to field; empty for most types. */
    public static Map<String, FieldDescriptor> of(Descriptor type) {
        Map<String, Integer> aliases = ALIASES.getOrDefault(type.getFullName(), Map.of());
        return aliases.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, alias -> type.findFieldByNumber(alias.getValue())));
    }
}
