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
 * Ingests the records of an uploaded batch file, as encoded Structs, into the profile store. Unlike a
 * request's records, these may be ingested again after a crash, so everything made up is made the
 * same way each time: records without a timestamp take the batch's ingest time, and an event without
 * an "_id" gets one derived from its dataset and content, so the same event is stored once.
 */
public final class FileRecordIngestion {
    /** A record not kept: its index in the chunk, and why. */
    public record Rejection(int index, String message) {}

    /** What the records are. */
    public enum Kind {
        PROFILES,
        EVENTS
    }

    private final ProfileStore store;

    public FileRecordIngestion(ProfileStore store) {
        this.store = store;
    }

    /** Reads and checks the records, then stores the good ones in one write; answers the rejected ones. */
    public List<Rejection> ingest(Tenant tenant, Kind kind, String datasetId, List<byte[]> records, long ingestTime) {
        List<Rejection> rejections = new ArrayList<>();
        if (kind == Kind.PROFILES) {
            List<io.segexport.server.profiles.store.ProfileRecord> good = new ArrayList<>(records.size());
            read(
                    records,
                    rejections,
                    (i, record) -> good.add(RecordReader.profile(datasetId, PATH, record, ingestTime)));
            if (!good.isEmpty()) {
                store.ingestProfiles(tenant, good, ingestTime);
            }
        } else {
            List<io.segexport.server.profiles.store.EventRecord> good = new ArrayList<>(records.size());
            read(
                    records,
                    rejections,
                    (i, record) -> good.add(
                            RecordReader.event(datasetId, PATH, record, () -> contentId(datasetId, records.get(i)))));
            if (!good.isEmpty()) {
                store.ingestEvents(tenant, good, ingestTime);
            }
        }
        return rejections;
    }

    /** The rejections ingesting the records would give, without storing anything. */
    public static List<Rejection> check(Kind kind, String datasetId, List<byte[]> records) {
        List<Rejection> rejections = new ArrayList<>();
        read(records, rejections, (i, record) -> {
            if (kind == Kind.PROFILES) {
                RecordReader.profile(datasetId, PATH, record, 0);
            } else {
                RecordReader.event(datasetId, PATH, record, () -> "checked");
            }
        });
        return rejections;
    }

    /** How errors name a record's fields: "record.identityMap is required". */
    private static final String PATH = "record";

    private interface Reader {
        void read(int index, EncodedRecord record);
    }

    private static void read(List<byte[]> records, List<Rejection> rejections, Reader reader) {
        for (int i = 0; i < records.size(); i++) {
            try {
                reader.read(i, EncodedRecord.read(PATH, UnsafeByteOperations.unsafeWrap(records.get(i)), false));
            } catch (StatusRuntimeException e) {
                rejections.add(new Rejection(i, e.getStatus().getDescription()));
            } catch (MalformedRecord e) {
                rejections.add(new Rejection(i, "record is no valid XDM record"));
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
