package io.segexport.server.profiles.ingest;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.StatusRuntimeException;
import io.segexport.server.profiles.store.EventRecord;
import io.segexport.server.profiles.store.ProfileRecord;
import io.segexport.server.profiles.store.ProfileStore;
import io.segexport.server.profiles.store.ProfileWrites;
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

    /**
     * Records read and checked, ready to be stored: what {@link #write} stores and which were
     * rejected. Reading needs no store, so it may run on another thread than the write.
     */
    public static final class Prepared {
        private final Kind kind;
        private final long ingestTime;
        private final List<ProfileRecord> profiles = new ArrayList<>();
        private final List<EventRecord> events = new ArrayList<>();
        private final List<Rejection> rejections = new ArrayList<>();

        private Prepared(Kind kind, long ingestTime) {
            this.kind = kind;
            this.ingestTime = ingestTime;
        }

        /** The records not kept, in index order. */
        public List<Rejection> rejections() {
            return rejections;
        }

        /** The kept records of {@code parts}, in order, to be stored in one write: all of one kind and ingest time. */
        public static Prepared combined(List<Prepared> parts) {
            Prepared combined = new Prepared(parts.get(0).kind, parts.get(0).ingestTime);
            for (Prepared part : parts) {
                if (part.kind != combined.kind || part.ingestTime != combined.ingestTime) {
                    throw new IllegalArgumentException("records of different kinds or ingest times");
                }
                combined.profiles.addAll(part.profiles);
                combined.events.addAll(part.events);
            }
            return combined;
        }
    }

    /**
     * Reads and checks the records of ingestion batch {@code batchId} ("" when they come in no batch),
     * storing nothing; {@code path} names them in errors, e.g. "record".
     */
    public static Prepared prepare(
            Kind kind, String datasetId, String batchId, List<byte[]> records, long ingestTime, String path) {
        Prepared prepared = new Prepared(kind, ingestTime);
        read(records, path, prepared.rejections, (i, record) -> {
            if (kind == Kind.PROFILES) {
                prepared.profiles.add(RecordReader.profile(datasetId, path, record, ingestTime));
            } else {
                prepared.events.add(RecordReader.event(
                        datasetId, batchId, path, record, () -> contentId(datasetId, records.get(i))));
            }
        });
        return prepared;
    }

    /** Stores prepared records in one write. */
    public void write(Tenant tenant, Prepared prepared) {
        write(store, tenant, prepared);
    }

    /** Sends prepared records to {@code writes} in one write: the profile store, or a cluster's ingest topic. */
    public static void write(ProfileWrites writes, Tenant tenant, Prepared prepared) {
        if (prepared.kind == Kind.PROFILES && !prepared.profiles.isEmpty()) {
            writes.ingestProfiles(tenant, prepared.profiles, prepared.ingestTime);
        } else if (prepared.kind == Kind.EVENTS && !prepared.events.isEmpty()) {
            writes.ingestEvents(tenant, prepared.events, prepared.ingestTime);
        }
    }

    /**
     * Removes from the profile store the events that {@link #write} stored for ingestion batch
     * {@code batchId}, whose ingest time was {@code ingestTime}; answers how many. Profile records
     * are not removed: a batch's fragment replaced the dataset's earlier one, which is not kept.
     */
    public long removeEvents(Tenant tenant, String batchId, long ingestTime) {
        return store.removeBatchEvents(tenant, batchId, ingestTime);
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
