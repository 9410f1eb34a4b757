package io.segexport.client;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.json.ProtoJsonReader;
import io.segexport.v1.DataSet;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.PqlExpression;
import io.segexport.v1.Schema;
import io.segexport.v1.SchemaRef;
import io.segexport.v1.SegmentDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Requests and records of the tests, the library's and the command line's. */
public final class Fixtures {
    public static final String PROFILE_SCHEMA = "https://ns.adobe.com/xdm/context/profile";

    private Fixtures() {}

    /** A dataset of the profile schema. */
    public static DataSet dataSet(String name) {
        return DataSet.newBuilder()
                .setName(name)
                .setSchemaRef(SchemaRef.newBuilder().setId(PROFILE_SCHEMA))
                .build();
    }

    /** The smallest valid job: every profile into the dataset. */
    public static ExportJob job(String dataSetId) {
        return ExportJob.newBuilder()
                .setDestination(Destination.newBuilder().setDatasetId(dataSetId))
                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                .build();
    }

    /** The documentation's create request ({@code examples/export-request.json}), for this dataset. */
    static ExportJob documentedJob(String dataSetId) throws IOException {
        String json = Files.readString(Path.of("..", "examples", "export-request.json"))
                .replace("5b7c86968f7b6501e21ba9df", dataSetId);
        return ProtoJsonReader.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), ExportJob.getDefaultInstance());
    }

    /** A PQL segment definition of the profile schema. */
    public static SegmentDefinition segmentDefinition(String name, String pql) {
        return SegmentDefinition.newBuilder()
                .setName(name)
                .setSchema(Schema.newBuilder().setName("_xdm.context.profile"))
                .setExpression(PqlExpression.newBuilder()
                        .setType("PQL")
                        .setFormat("pql/text")
                        .setValue(pql))
                .build();
    }

    /** A profile record whose primary identity is this email, with its address as an attribute. */
    static Struct profile(String email) {
        Struct identity = Struct.newBuilder()
                .putFields("id", text(email))
                .putFields("primary", Value.newBuilder().setBoolValue(true).build())
                .build();
        return Struct.newBuilder()
                .putFields("identityMap", emailIdentityMap(identity))
                .putFields(
                        "personalEmail",
                        object(Struct.newBuilder()
                                .putFields("address", text(email))
                                .build()))
                .build();
    }

    /** A profile record without an identityMap, which the server rejects. */
    static Struct profileWithoutIdentity() {
        return Struct.newBuilder()
                .putFields(
                        "personalEmail",
                        object(Struct.newBuilder()
                                .putFields("address", text("nobody@example.com"))
                                .build()))
                .build();
    }

    /** An ExperienceEvent of the profile with this email. */
    static Struct event(String email, String timestamp) {
        Struct identity = Struct.newBuilder().putFields("id", text(email)).build();
        return Struct.newBuilder()
                .putFields("identityMap", emailIdentityMap(identity))
                .putFields("timestamp", text(timestamp))
                .putFields("eventType", text("web.webpagedetails.pageViews"))
                .build();
    }

    /** An identityMap holding this one email identity. */
    private static Value emailIdentityMap(Struct identity) {
        Value identities = Value.newBuilder()
                .setListValue(ListValue.newBuilder().addValues(object(identity)))
                .build();
        return object(Struct.newBuilder().putFields("email", identities).build());
    }

    static Value text(String text) {
        return Value.newBuilder().setStringValue(text).build();
    }

    static Value object(Struct struct) {
        return Value.newBuilder().setStructValue(struct).build();
    }
}
