package io.segexport.server.profiles.ingest;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Optional;

/** Fields of XDM records, where a missing field and a JSON null both mean "not given". */
final class RecordFields {
    private RecordFields() {}

    static Optional<Value> get(Struct record, String name) {
        Value value = record.getFieldsOrDefault(name, null);
        return value == null ? Optional.empty() : given(value);
    }

    /** The value of a field that is there, unless it is a JSON null (or has no kind at all). */
    static Optional<Value> given(Value value) {
        return value.hasNullValue() || value.getKindCase() == Value.KindCase.KIND_NOT_SET
                ? Optional.empty()
                : Optional.of(value);
    }
}
