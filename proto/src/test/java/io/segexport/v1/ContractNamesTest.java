package io.segexport.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.segexport.json.JsonAliases;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract loads in every toolchain: no name clash that an older protoc (Debian's 3.21), the
 * Python runtime built on it, or the REST JSON reader would refuse or misread, in any message or
 * enum of the files that {@link ApiServices} serve.
 */
class ContractNamesTest {

    @Test
    void noTwoFieldsOfAMessageHaveOneNameToOlderProtoc() {
        assertThat(messages().flatMap(type -> protocNameClashes(type).stream())).isEmpty();
    }

    @Test
    void everySpellingTheJsonReaderTakesNamesOneFieldIgnoringCase() {
        assertThat(messages().flatMap(type -> jsonSpellingClashes(type).stream()))
                .isEmpty();
    }

    @Test
    void noTwoValuesOfAnEnumHaveOneNameWithoutItsPrefix() {
        assertThat(enums().flatMap(type -> enumValueClashes(type).stream())).isEmpty();
    }

    @Test
    void theRulesCatchTheRemovedDestinationAlias() throws DescriptorValidationException {
        Descriptor old =
                message("Destination", field("dataset_id", 1).setJsonName("datasetId"), field("data_set_id", 2));

        assertThat(protocNameClashes(old)).containsExactly("test.Destination: data_set_id and dataset_id");
        assertThat(jsonSpellingClashes(old)).containsExactly("test.Destination: \"dataSetId\" and \"datasetId\"");
    }

    /**
     * protoc 3.21 (and Python protobuf 4.21, which builds every file's descriptor with it) refuses a
     * proto3 message with two field names equal in lower case without underscores: "The JSON
     * camel-case name of field ... conflicts with field ...".
     */
    private static List<String> protocNameClashes(Descriptor type) {
        return clashes(
                type.getFullName(),
                type.getFields().stream().map(field -> Map.entry(field.getName(), field)),
                name -> name.replace("_", "").toLowerCase(Locale.ROOT));
    }

    /** The JSON names, proto names and aliases the reader takes: two fields must not share one, even in another case. */
    private static List<String> jsonSpellingClashes(Descriptor type) {
        Stream<Map.Entry<String, FieldDescriptor>> spellings = Stream.concat(
                type.getFields().stream()
                        .flatMap(field -> Stream.of(field.getJsonName(), field.getName())
                                .distinct()
                                .map(name -> Map.entry(name, field))),
                JsonAliases.of(type).entrySet().stream());
        return clashes(
                type.getFullName(),
                spellings.map(spelling -> Map.entry("\"" + spelling.getKey() + "\"", spelling.getValue())),
                name -> name.toLowerCase(Locale.ROOT));
    }

    /**
     * protoc refuses a proto3 enum whose value names are equal once the enum's name prefix is
     * stripped, ignoring case and underscores (other languages strip that prefix).
     */
    private static List<String> enumValueClashes(EnumDescriptor type) {
        String prefix = type.getName().replaceAll("(?<=[a-z0-9])([A-Z])", "_$1").toUpperCase(Locale.ROOT) + "_";
        return clashes(
                type.getFullName(),
                type.getValues().stream().map(value -> Map.entry(value.getName(), value)),
                name -> (name.startsWith(prefix) ? name.substring(prefix.length()) : name)
                        .replace("_", "")
                        .toLowerCase(Locale.ROOT));
    }

    /** "type: a and b" for each two names that are one under {@code key} but name different things. */
    private static <T> List<String> clashes(
            String type, Stream<Map.Entry<String, T>> names, Function<String, String> key) {
        Map<String, Map.Entry<String, T>> seen = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        names.forEach(name -> {
            Map.Entry<String, T> earlier = seen.putIfAbsent(key.apply(name.getKey()), name);
            if (earlier != null && earlier.getValue() != name.getValue()) {
                clashes.add(type + ": " + name.getKey() + " and " + earlier.getKey());
            }
        });
        return clashes;
    }

    private static Stream<Descriptor> messages() {
        return contractFiles().flatMap(file -> file.getMessageTypes().stream()).flatMap(ContractNamesTest::withNested);
    }

    private static Stream<EnumDescriptor> enums() {
        return Stream.concat(
                contractFiles().flatMap(file -> file.getEnumTypes().stream()),
                messages().flatMap(type -> type.getEnumTypes().stream()));
    }

    private static Stream<Descriptor> withNested(Descriptor type) {
        return Stream.concat(Stream.of(type), type.getNestedTypes().stream().flatMap(ContractNamesTest::withNested));
    }

    /** The files of the served services and every file they import, ours only (segexport.*). */
    private static Stream<FileDescriptor> contractFiles() {
        Set<FileDescriptor> files = new LinkedHashSet<>();
        ApiServices.all()
                .forEach(service -> addWithImports(
                        ((ProtoFileDescriptorSupplier) service.getSchemaDescriptor()).getFileDescriptor(), files));
        assertThat(files).extracting(FileDescriptor::getName).contains("segexport/v1/export_job.proto");
        return files.stream().filter(file -> file.getPackage().startsWith("segexport."));
    }

    private static void addWithImports(FileDescriptor file, Set<FileDescriptor> files) {
        if (files.add(file)) {
            file.getDependencies().forEach(dependency -> addWithImports(dependency, files));
        }
    }

    private static FieldDescriptorProto.Builder field(String name, int number) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(FieldDescriptorProto.Type.TYPE_STRING)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    private static Descriptor message(String name, FieldDescriptorProto.Builder... fields)
            throws DescriptorValidationException {
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
        Stream.of(fields).forEach(message::addField);
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("test.proto")
                .setPackage("test")
                .setSyntax("proto3")
                .addMessageType(message)
                .build();
        return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName(name);
    }
}
