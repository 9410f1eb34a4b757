package io.segexport.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.server.profiles.merge.ProfileMerger;
import io.segexport.server.profiles.stored.Fragment;
import io.segexport.server.profiles.stored.IdentityKey;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.profiles.stored.StoredProfile;
import io.segexport.server.store.Tenant;
import io.segexport.v1.AttributeMerge;
import io.segexport.v1.Destination;
import io.segexport.v1.ExportJob;
import io.segexport.v1.MergePolicy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rows of a job without segments, fields or events are the merged profile (attributes,
 * identityMap, segmentMembership) byte for byte, whether a lone fragment is written straight from its
 * bytes or several are merged; and the encoded Struct writer writes what the Struct writer writes.
 */
class ProfileRowsTest {
    private static final MergePolicy TIMESTAMP_ORDERED = MergePolicy.newBuilder()
            .setAttributeMerge(AttributeMerge.newBuilder().setType("timestampOrdered"))
            .build();
    private static final ExportJob EVERYONE = ExportJob.newBuilder()
            .setDestination(Destination.newBuilder().setBatchId("b1"))
            .build();

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    private static Value nullValue() {
        return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }

    private static Value object(Struct struct) {
        return Value.newBuilder().setStructValue(struct).build();
    }

    private static Value list(Value... values) {
        return Value.newBuilder()
                .setListValue(ListValue.newBuilder().addAllValues(List.of(values)))
                .build();
    }

    /** Nulls at every depth, objects that only hold nulls, lists of objects with nulls, odd numbers and text. */
    private static Struct awkward() {
        Struct onlyNulls = Struct.newBuilder().putFields("gone", nullValue()).build();
        Struct withNull = Struct.newBuilder()
                .putFields("kept", text("x"))
                .putFields("gone", nullValue())
                .build();
        return Struct.newBuilder()
                .putFields(
                        "z-first",
                        text("quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 lone \uD800 surrogate"))
                .putFields("drop", nullValue())
                .putFields("kindless", Value.getDefaultInstance())
                .putFields("é😀", text("ünïcödé 😀 \u2028"))
                .putFields(
                        "numbers",
                        list(
                                number(3),
                                number(-0.0),
                                number(3.5),
                                number(1e300),
                                number(0x1p53),
                                number(-7),
                                number(Double.NaN),
                                number(Double.POSITIVE_INFINITY)))
                .putFields(
                        "nested",
                        object(Struct.newBuilder()
                                .putFields("onlyNulls", object(onlyNulls))
                                .putFields("withNull", object(withNull))
                                .putFields("empty", object(Struct.getDefaultInstance()))
                                .putFields(
                                        "flag",
                                        Value.newBuilder().setBoolValue(false).build())
                                .build()))
                .putFields("inList", list(object(withNull), nullValue(), list(object(onlyNulls)), text("")))
                .putFields("emptyList", list())
                .build();
    }

    private static StoredProfile profile(Fragment... fragments) {
        Membership versioned = Membership.newBuilder()
                .setStatus("realized")
                .setLastQualificationTime("2018-01-15T00:00:00Z")
                .setVersion(7)
                .build();
        Membership plain = Membership.newBuilder()
                .setStatus("exited")
                .setLastQualificationTime("2018-01-16T00:00:00Z")
                .build();
        return StoredProfile.newBuilder()
                .setPrimary(IdentityKey.newBuilder().setNamespace("email").setId("ada@example.com"))
                .addIdentities(StoredIdentity.newBuilder()
                        .setNamespace("email")
                        .setId("ada@example.com")
                        .setAuthenticatedState("ambiguous"))
                .addIdentities(StoredIdentity.newBuilder()
                        .setNamespace("ECID")
                        .setId("1")
                        .setAuthenticatedState("authenticated"))
                .addIdentities(StoredIdentity.newBuilder().setNamespace("email").setId("ada2@example.com"))
                .putSegmentMembership(
                        "ups",
                        SegmentMemberships.newBuilder()
                                .putSegments("s1", versioned)
                                .putSegments("s0", plain)
                                .build())
                .putSegmentMembership(
                        "AAM",
                        SegmentMemberships.newBuilder().putSegments("a", plain).build())
                .addAllFragments(List.of(fragments))
                .setHasProfileRecord(true)
                .build();
    }

    private static Fragment fragment(String datasetId, long time, Struct attributes) {
        return Fragment.newBuilder()
                .setDatasetId(datasetId)
                .setTime(time)
                .setIngestTime(time)
                .setAttributes(attributes)
                .build();
    }

    private static String row(StoredProfile profile) throws Exception {
        ProfileRows rows =
                new ProfileRows(new Tenant("A@AdobeOrg", "prod"), new JobPlan(EVERYONE), TIMESTAMP_ORDERED, null);
        RowChunk chunk = rows.encode(List.of(profile.toByteArray()));
        assertThat(chunk.rowsOf(0)).isEqualTo(1);
        return chunk.batch(0).toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLoneFragmentWrittenFromItsBytesIsTheMergedProfile() throws Exception {
        StoredProfile profile = profile(fragment("crm", 1, awkward()));

        assertThat(row(profile)).isEqualTo(ProtoJsonWriter.toJson(ProfileMerger.merge(profile, TIMESTAMP_ORDERED)));
    }

    @Test
    void severalFragmentsAreWrittenAsTheirMerge() throws Exception {
        Struct newer = Struct.newBuilder()
                .putFields(
                        "nested",
                        object(Struct.newBuilder()
                                .putFields("flag", text("newer"))
                                .build()))
                .putFields("drop", text("newer"))
                .build();
        StoredProfile profile = profile(fragment("crm", 1, awkward()), fragment("web", 2, newer));

        assertThat(row(profile)).isEqualTo(ProtoJsonWriter.toJson(ProfileMerger.merge(profile, TIMESTAMP_ORDERED)));
    }

    @Test
    void aProfileWithoutFragmentsIsItsKeysAlone() throws Exception {
        StoredProfile profile = profile().toBuilder().setHasProfileRecord(true).build();

        assertThat(row(profile)).isEqualTo(ProtoJsonWriter.toJson(ProfileMerger.merge(profile, TIMESTAMP_ORDERED)));
    }

    @Test
    void anEncodedStructIsWrittenAsTheStructWithoutItsNulls() throws Exception {
        ByteArrayOutputStream fromBytes = new ByteArrayOutputStream();
        try (JsonGenerator gen = ProtoJsonWriter.generator(fromBytes)) {
            gen.writeStartObject();
            EncodedStructJson.writeFields(awkward().toByteString().newCodedInput(), gen);
            gen.writeEndObject();
        }
        ByteArrayOutputStream fromStruct = new ByteArrayOutputStream();
        try (JsonGenerator gen = ProtoJsonWriter.generator(fromStruct)) {
            ProtoJsonWriter.writeStruct(awkward(), gen, true);
        }

        assertThat(fromBytes.toString(StandardCharsets.UTF_8))
                .isEqualTo(fromStruct.toString(StandardCharsets.UTF_8))
                .doesNotContain("drop", "{\"gone\":null},\"withNull")
                .contains("\"onlyNulls\":{}", "\"kindless\":null", "[{\"kept\":\"x\",\"gone\":null}");
    }
}
