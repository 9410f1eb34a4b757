package io.segexport.server.profiles.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Value;
import io.grpc.StatusRuntimeException;
import io.segexport.server.limits.Limits;
import io.segexport.server.profiles.stored.IngestRequestView;
import io.segexport.v1.IngestRequest;
import java.util.List;
import java.util.Optional;

/**
 * One XDM record as its encoded google.protobuf.Struct, checked against the call's limits
 * ({@link WireRecordCheck}) and with its top-level fields located, so that ingestion parses only the
 * few fields it reads and keeps the others as their encoded bytes, never building the record as
 * objects. Bytes that protobuf would read otherwise than plainly (a repeated key, a value with two
 * kinds, a known field of another wire type) are first rewritten as protobuf reads them, and so is
 * a record that fails a check, so that the error is the one its parsed form gives.
 */
final class EncodedRecord {
    private final byte[] bytes;
    private final List<Entry> entries;

    private EncodedRecord(byte[] bytes, List<Entry> entries) {
        this.bytes = bytes;
        this.entries = entries;
    }

    /** A top-level field: its key, its map entry's bytes (tag included) and its value's bytes. */
    record Entry(String key, int start, int end, int valueStart, int valueEnd) {}

    /**
     * The record, checked; a 400-style error naming the field otherwise. {@code parsed}: the bytes
     * are protobuf's writing of a record it parsed (a unary request's), else as a client sent them (a
     * stream's), and then {@link MalformedRecord} when they are no Struct that an IngestRequest could hold.
     */
    static EncodedRecord read(String path, ByteString record, boolean parsed) {
        Limits limits = Limits.current();
        byte[] bytes = record.toByteArray();
        if (!parsed) {
            try {
                return new EncodedRecord(bytes, new WireRecordCheck(bytes, path, limits).record());
            } catch (WireRecordCheck.Irregular | StatusRuntimeException e) {
                bytes = asParsed(record);
            }
        }
        try {
            return new EncodedRecord(bytes, new WireRecordCheck(bytes, path, limits).record());
        } catch (WireRecordCheck.Irregular e) {
            throw new IllegalStateException("protobuf wrote a record that it does not read plainly", e);
        }
    }

    /** The field, when given: a missing field and a JSON null both mean "not given". */
    Optional<Value> field(String name) {
        for (Entry entry : entries) {
            if (entry.key().equals(name)) {
                return entry.valueStart() < 0 ? Optional.empty() : RecordFields.given(parse(entry));
            }
        }
        return Optional.empty();
    }

    /** The record's encoding without the named top-level fields: the other map entries, byte for byte. */
    ByteString without(String first, String second) {
        int size = bytes.length;
        for (Entry entry : entries) {
            if (entry.key().equals(first) || entry.key().equals(second)) {
                size -= entry.end() - entry.start();
            }
        }
        if (size == bytes.length) {
            return UnsafeByteOperations.unsafeWrap(bytes);
        }
        byte[] kept = new byte[size];
        int from = 0;
        int to = 0;
        for (Entry entry : entries) {
            if (entry.key().equals(first) || entry.key().equals(second)) {
                System.arraycopy(bytes, from, kept, to, entry.start() - from);
                to += entry.start() - from;
                from = entry.end();
            }
        }
        System.arraycopy(bytes, from, kept, to, bytes.length - from);
        return UnsafeByteOperations.unsafeWrap(kept);
    }

    /** The record as objects, for the few callers that change it (an event gets its "_id"). */
    Struct struct() {
        try {
            return Struct.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a checked record no longer parses", e);
        }
    }

    private Value parse(Entry entry) {
        try {
            return Value.parseFrom(
                    UnsafeByteOperations.unsafeWrap(bytes, entry.valueStart(), entry.valueEnd() - entry.valueStart()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a checked record's field no longer parses", e);
        }
    }

    /**
     * The record as protobuf reads it inside an IngestRequest (so with the same nesting limit),
     * written back: repeated keys resolved, one kind per value, unknown fields after known ones.
     */
    private static byte[] asParsed(ByteString record) {
        try {
            ByteString request =
                    IngestRequestView.newBuilder().addRecords(record).build().toByteString();
            return IngestRequest.parseFrom(request).getRecords(0).toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedRecord();
        }
    }
}
