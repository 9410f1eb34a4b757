package io.segexport.json;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.segexport.v1.JsonProto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which fields of a message JSON writes, in field-number order: the contract's rule of
 * {@code segexport/v1/json.proto}. A singular field is written when it is set (a field without
 * presence, when it is not at its default); a repeated or map field when it holds something, or,
 * empty, when its {@code always_written} option is true or the field its {@code written_with}
 * option names is set.
 */
final class WrittenFields {
    private static final Map<Descriptor, WrittenFields> BY_TYPE = new ConcurrentHashMap<>();

    private final List<FieldDescriptor> fields;
    /** For each repeated field written when empty: the field whose presence decides, or itself for "always". */
    private final Map<FieldDescriptor, FieldDescriptor> emptyWhen;

    private WrittenFields(List<FieldDescriptor> fields, Map<FieldDescriptor, FieldDescriptor> emptyWhen) {
        this.fields = fields;
        this.emptyWhen = emptyWhen;
    }

    /** The fields of this message that JSON writes. */
    static List<FieldDescriptor> of(Message message) {
        WrittenFields type = BY_TYPE.computeIfAbsent(message.getDescriptorForType(), WrittenFields::read);
        List<FieldDescriptor> written = new ArrayList<>(type.fields.size());
        for (FieldDescriptor field : type.fields) {
            if (type.isWritten(message, field)) {
                written.add(field);
            }
        }
        return written;
    }

    private boolean isWritten(Message message, FieldDescriptor field) {
        if (!field.isRepeated()) {
            return message.hasField(field);
        }
        if (message.getRepeatedFieldCount(field) > 0) {
            return true;
        }
        FieldDescriptor decides = emptyWhen.get(field);
        return decides != null && (decides == field || message.hasField(decides));
    }

    /** Reads the options of a message type; a misplaced option is a fault of the contract, refused at once. */
    private static WrittenFields read(Descriptor type) {
        List<FieldDescriptor> fields = new ArrayList<>(type.getFields());
        fields.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
        Map<FieldDescriptor, FieldDescriptor> emptyWhen = new HashMap<>();
        for (FieldDescriptor field : fields) {
            boolean always = field.getOptions().getExtension(JsonProto.alwaysWritten);
            String with = field.getOptions().getExtension(JsonProto.writtenWith);
            if (!always && with.isEmpty()) {
                continue;
            }
            if (!field.isRepeated()) {
                throw new IllegalStateException(
                        field.getFullName()
                                + ": always_written and written_with are for repeated and map fields; a scalar is optional instead");
            }
            if (always && !with.isEmpty()) {
                throw new IllegalStateException(
                        field.getFullName() + ": always_written and written_with exclude each other");
            }
            if (always) {
                emptyWhen.put(field, field);
                continue;
            }
            FieldDescriptor decides = type.findFieldByName(with);
            if (decides == null || !decides.hasPresence()) {
                throw new IllegalStateException(field.getFullName() + ": written_with names \"" + with
                        + "\", which is no field with presence of " + type.getFullName());
            }
            emptyWhen.put(field, decides);
        }
        return new WrittenFields(List.copyOf(fields), Map.copyOf(emptyWhen));
    }
}
