package io.segexport.bench;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.v1.IngestRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's profiles, numbered: about 600 bytes of attributes, identities in two namespaces
 * (email, ECID), and memberships in three segments ("half", "tenth", "hundredth") realized by every
 * 2nd, 10th and 100th profile and exited by the others. One Struct each, sent as it is over gRPC
 * and written as JSON for REST.
 */
final class SyntheticProfiles {
    /** The segments and how many profiles in how many are their realized members. */
    enum Segment {
        HALF("half", 2),
        TENTH("tenth", 10),
        HUNDREDTH("hundredth", 100);

        final String id;
        final int oneIn;

        Segment(String id, int oneIn) {
            this.id = id;
            this.oneIn = oneIn;
        }

        /** How many of profiles 0 to {@code profiles - 1} are members. */
        long members(long profiles) {
            return (profiles + oneIn - 1) / oneIn;
        }

        private String status(long i) {
            return i % oneIn == 0 ? "realized" : "exited";
        }
    }

    private SyntheticProfiles() {}

    /** Profile {@code i}, built directly (parsing JSON would make the generator the bottleneck). */
    static Struct profile(long i) {
        Struct.Builder memberships = Struct.newBuilder();
        for (Segment segment : Segment.values()) {
            memberships.putFields(
                    segment.id,
                    object("status", text(segment.status(i)), "lastQualificationTime", text("2018-01-15T00:00:00Z")));
        }
        String email = "user" + i + "@example.com";
        return object(
                        "identityMap",
                                object(
                                        "email",
                                                list(object(
                                                        "id",
                                                        text(email),
                                                        "primary",
                                                        Value.newBuilder()
                                                                .setBoolValue(true)
                                                                .build())),
                                        "ECID", list(object("id", text(String.valueOf(100_000_000L + i))))),
                        "personalEmail", object("address", text(email)),
                        "person",
                                object(
                                        "name",
                                        object("firstName", text("First" + i), "lastName", text("Last" + i)),
                                        "birthDate",
                                        text("1980-01-01"),
                                        "gender",
                                        text("female")),
                        "homeAddress",
                                object(
                                        "street1",
                                        text(i + " Main Street"),
                                        "city",
                                        text("Springfield"),
                                        "postalCode",
                                        text("12345"),
                                        "country",
                                        text("US")),
                        "loyalty",
                                object(
                                        "tier",
                                        text("gold"),
                                        "points",
                                        Value.newBuilder()
                                                .setNumberValue(i % 10_000)
                                                .build()),
                        "segmentMembership",
                                object(
                                        "ups",
                                        Value.newBuilder()
                                                .setStructValue(memberships)
                                                .build()))
                .getStructValue();
    }

    /** An object of alternating keys and values. */
    private static Value object(Object... keysAndValues) {
        Struct.Builder object = Struct.newBuilder();
        for (int k = 0; k < keysAndValues.length; k += 2) {
            object.putFields((String) keysAndValues[k], (Value) keysAndValues[k + 1]);
        }
        return Value.newBuilder().setStructValue(object).build();
    }

    private static Value list(Value item) {
        return Value.newBuilder()
                .setListValue(ListValue.newBuilder().addValues(item))
                .build();
    }

    private static Value text(String text) {
        return Value.newBuilder().setStringValue(text).build();
    }

    /** Profiles {@code from} to {@code to - 1} as one serialized StreamProfiles message. */
    static byte[] grpcChunk(String dataSet, long from, long to) {
        IngestRequest.Builder chunk = IngestRequest.newBuilder().setDatasetId(dataSet);
        for (long i = from; i < to; i++) {
            chunk.addRecords(profile(i));
        }
        return chunk.build().toByteArray();
    }

    /** Profiles {@code from} to {@code to - 1} as one REST ingest body. */
    static byte[] restBody(String dataSet, long from, long to) {
        StringBuilder body =
                new StringBuilder("{\"datasetId\": \"").append(dataSet).append("\", \"records\": [");
        for (long i = from; i < to; i++) {
            body.append(i == from ? "" : ",").append(ProtoJsonWriter.toJson(profile(i)));
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The chunk boundaries of profiles 0 to {@code profiles - 1}, {@code size} a chunk. */
    static List<long[]> chunks(long profiles, int size) {
        List<long[]> ranges = new ArrayList<>();
        for (long from = 0; from < profiles; from += size) {
            ranges.add(new long[] {from, Math.min(profiles, from + size)});
        }
        return ranges;
    }
}
