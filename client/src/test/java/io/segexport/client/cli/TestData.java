package io.segexport.client.cli;

import com.google.protobuf.Struct;
import io.segexport.json.ProtoJsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Records, requests and files of the CLI tests. */
final class TestData {

    private TestData() {}

    /** A profile record whose primary identity is this email, with a name. */
    static String profileLine(String email, String name) {
        return "{\"identityMap\": {\"email\": [{\"id\": \"" + email + "\", \"primary\": true}]}, "
                + "\"person\": {\"name\": \"" + name + "\"}}";
    }

    /** An ExperienceEvent of the profile with this email. */
    static String eventLine(String email, String timestamp) {
        return "{\"identityMap\": {\"email\": [{\"id\": \"" + email + "\"}]}, \"timestamp\": \"" + timestamp + "\", "
                + "\"eventType\": \"web.webpagedetails.pageViews\"}";
    }

    /** A profile record the server refuses: it has no identityMap. */
    static String profileWithoutIdentityLine() {
        return "{\"person\": {\"name\": \"Nobody\"}}";
    }

    static Struct profile(String email, String name) {
        try {
            return ProtoJsonReader.read(
                    new ByteArrayInputStream(profileLine(email, name).getBytes(StandardCharsets.UTF_8)),
                    Struct.getDefaultInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The smallest valid create request: every profile into the dataset. */
    static String jobRequest(String dataSetId) {
        return "{\"destination\": {\"datasetId\": \"" + dataSetId
                + "\"}, \"schema\": {\"name\": \"_xdm.context.profile\"}}";
    }

    /** A create request exporting the realized and existing members of a segment that the job first evaluates. */
    static String segmentedJobRequest(String dataSetId, String segmentId) {
        return "{\"destination\": {\"datasetId\": \"" + dataSetId
                + "\"}, \"schema\": {\"name\": \"_xdm.context.profile\"}, "
                + "\"filter\": {\"segments\": [{\"segmentId\": \"" + segmentId
                + "\", \"status\": [\"realized\", \"existing\"]}]}, "
                + "\"evaluationInfo\": {\"segmentation\": true}}";
    }

    static Path write(Path file, List<String> lines) {
        try {
            return Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
