package io.segexport.server.profiles.ingest;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.StatusRuntimeException;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.store.Tenant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Ingests encoded Struct records (of an uploaded batch file, of a streamed message) into the profile
 * store so that ingesting them again writes the same: records without a timestamp take the ingest
 * time given (a batch's is fixed at COMPLETE, so a batch resumed after a crash redoes its chunks the
 * same way), and an event without an "_id" gets one derived from its dataset and content, so the same
 * event sent twice is stored once.
 */
public final class RepeatableIngestion {
    /** A record not kept: its index in the chunk, and why. */
    public record Rejection(int index, String message) {}

    /** What the records are. */
    public enum Kind {
        PROFILES,
        EVENTS
    }

    private final ProfileStore store;

    public RepeatableIngestion(ProfileStore store) {
        this.store = store;
    }

    /** Reads and checks the records, then stores the good ones in one write; answers the rejected ones. */
    public List<Rejection> ingest(
            Tenant tenant, Kind kind, String datasetId, List<byte[]> records, long ingestTime, String path) {
        List<Rejection> rejections = new ArrayList<>();
        if (kind == Kind.PROFILES) {
            List<io.segexport.server.profiles.store.ProfileRecord> good = new ArrayList<>(records.size());
            read(
                    records,
                    path,
                    rejections,
                    (i, record) -> good.add(RecordReader.profile(datasetId, path, record, ingestTime)));
            if (!good.isEmpty()) {
                store.ingestProfiles(tenant, good, ingestTime);
            }
        } else {
            List<io.segexport.server.profiles.store.EventRecord> good = new ArrayList<>(records.size());
            read(
                    records,
                    path,
                    rejections,
                    (i, record) -> good.add(
                            RecordReader.event(datasetId, path, record, () -> contentId(datasetId, records.get(i)))));
            if (!good.isEmpty()) {
                store.ingestEvents(tenant, good, ingestTime);
            }
        }
        return rejections;
    }

    /** The rejections ingesting the records would give, without storing anything. */
    public static List<Rejection> check(Kind kind, String datasetId, List<byte[]> records, String path) {
        List<Rejection> rejections = new ArrayList<>();
        read(records, path, rejections, (i, record) -> {
            if (kind == Kind.PROFILES) {
                RecordReader.profile(datasetId, path, record, 0);
            } else {
                RecordReader.event(datasetId, path, record, () -> "checked");
            }
        });
        return rejections;
    }

    private interface Reader {
        void read(int index, EncodedRecord record);
    }

    /** {@code path} names a record in errors: "record" gives "record.identityMap is required". */
    private static void read(List<byte[]> records, String path, List<Rejection> rejections, Reader reader) {
        for (int i = 0; i < records.size(); i++) {
            try {
                reader.read(i, EncodedRecord.read(path, UnsafeByteOperations.unsafeWrap(records.get(i)), false));
            } catch (StatusRuntimeException e) {
                rejections.add(new Rejection(i, e.getStatus().getDescription()));
            } catch (MalformedRecord e) {
                rejections.add(new Rejection(i, path + " is no valid XDM record"));
            }
        }
    }

    /** A name-based UUID of the dataset and the event's bytes: the same event always gets the same id. */
    private static String contentId(String datasetId, byte[] record) {
        byte[] dataset = datasetId.getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(ByteBuffer.allocate(dataset.length + 1 + record.length)
                        .put(dataset)
                        .put((byte) 0)
                        .put(record)
                        .array())
                .toString();
    }
}
