package io.segexport.bench;

import com.google.protobuf.Struct;
import io.segexport.json.ProtoJsonReader;
import io.segexport.v1.IngestRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The benchmark's profiles, numbered: about 600 bytes of attributes, identities in two namespaces
 * (email, ECID), and memberships in three segments ("half", "tenth", "hundredth") realized by every
 * 2nd, 10th and 100th profile and exited by the others. One JSON record each, sent as it is over
 * REST and as a protobuf Struct over gRPC.
 */
final class SyntheticProfiles {
    /** The segments and how many profiles in how many are their realized members. */
    enum Segment {
        HALF("half", 2), TENTH("tenth", 10), HUNDREDTH("hundredth", 100);

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

    static String json(long i) {
        StringBuilder memberships = new StringBuilder();
        for (Segment segment : Segment.values()) {
            memberships.append(memberships.length() == 0 ? "" : ", ").append('"').append(segment.id)
                    .append("\": {\"status\": \"").append(segment.status(i))
                    .append("\", \"lastQualificationTime\": \"2018-01-15T00:00:00Z\"}");
        }
        return "{\"identityMap\": {\"email\": [{\"id\": \"user" + i + "@example.com\", \"primary\": true}],"
                + " \"ECID\": [{\"id\": \"" + (100_000_000L + i) + "\"}]},"
                + " \"personalEmail\": {\"address\": \"user" + i + "@example.com\"},"
                + " \"person\": {\"name\": {\"firstName\": \"First" + i + "\", \"lastName\": \"Last" + i + "\"},"
                + " \"birthDate\": \"1980-01-01\", \"gender\": \"female\"},"
                + " \"homeAddress\": {\"street1\": \"" + i + " Main Street\", \"city\": \"Springfield\", \"postalCode\": \"12345\","
                + " \"country\": \"US\"}, \"loyalty\": {\"tier\": \"gold\", \"points\": " + i % 10_000 + "},"
                + " \"segmentMembership\": {\"ups\": {" + memberships + "}}}";
    }

    /** Profiles {@code from} to {@code to - 1} as one serialized StreamProfiles message. */
    static byte[] grpcChunk(String dataSet, long from, long to) {
        IngestRequest.Builder chunk = IngestRequest.newBuilder().setDatasetId(dataSet);
        for (long i = from; i < to; i++) {
            chunk.addRecords(struct(json(i)));
        }
        return chunk.build().toByteArray();
    }

    /** Profiles {@code from} to {@code to - 1} as one REST ingest body. */
    static byte[] restBody(String dataSet, long from, long to) {
        StringBuilder body = new StringBuilder("{\"datasetId\": \"").append(dataSet).append("\", \"records\": [");
        for (long i = from; i < to; i++) {
            body.append(i == from ? "" : ",").append(json(i));
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Struct struct(String json) {
        try {
            return ProtoJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Struct.getDefaultInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chunk boundaries of profiles 0 to {@code profiles - 1}, {@code size} a chunk. */
    static List<long[]> chunks(long profiles, int size) {
        java.util.ArrayList<long[]> ranges = new java.util.ArrayList<>();
        for (long from = 0; from < profiles; from += size) {
            ranges.add(new long[] {from, Math.min(profiles, from + size)});
        }
        return ranges;
    }
}
