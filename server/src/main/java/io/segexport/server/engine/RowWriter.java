package io.segexport.server.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.json.ProtoJsonWriter;
import io.segexport.server.engine.SegmentFilter.Segment;
import io.segexport.server.profiles.stored.Membership;
import io.segexport.server.profiles.stored.SegmentMemberships;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.profiles.stored.StoredProfileView;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes one row, an XDM profile, straight from the stored profile to JSON, without building it as
 * a protobuf Struct first: its attributes, {@code identityMap}, {@code eventList} when asked for,
 * then {@code segmentMembership}. The fields come in the order, and with the values, that
 * {@link io.segexport.server.profiles.merge.ProfileMerger}'s object would have.
 */
final class RowWriter {
    // The names every row has, escaped once: the generator copies their bytes.
    private static final SerializedString IDENTITY_MAP = new SerializedString("identityMap");
    private static final SerializedString EVENT_LIST = new SerializedString("eventList");
    private static final SerializedString SEGMENT_MEMBERSHIP = new SerializedString("segmentMembership");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString AUTHENTICATED_STATE = new SerializedString("authenticatedState");
    private static final SerializedString PRIMARY = new SerializedString("primary");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString LAST_QUALIFICATION_TIME = new SerializedString("lastQualificationTime");
    private static final SerializedString VERSION = new SerializedString("version");

    private RowWriter() {}

    /**
     * @param attributes the merged attributes, or a lone fragment's (null fields of objects are left
     *     out, as the merge leaves them out)
     * @param events the projected events, or null when the job asks for none; they replace an
     *     attribute named eventList
     * @param shown the segments whose memberships are shown, or null for all of them
     */
    static void write(
            JsonGenerator gen, StoredProfileView profile, Struct attributes, List<Struct> events, List<Segment> shown)
            throws IOException {
        gen.writeStartObject();
        boolean eventsWritten = false;
        for (Map.Entry<String, Value> field : attributes.getFieldsMap().entrySet()) {
            Value value = field.getValue();
            if (value.hasNullValue()) {
                continue;
            }
            ProtoJsonWriter.writeFieldName(field.getKey(), gen);
            if (events != null && field.getKey().equals("eventList")) {
                writeEvents(gen, events);
                eventsWritten = true;
            } else if (value.hasStructValue()) {
                ProtoJsonWriter.writeStruct(value.getStructValue(), gen, true);
            } else {
                ProtoJsonWriter.writeValue(value, gen);
            }
        }
        writeKeys(gen, profile, events != null && !eventsWritten ? events : null, shown);
    }

    /**
     * Writes a row of a job without events from a lone fragment's encoded attributes (or none):
     * the row {@link #write} would write from the fragment merged into itself.
     */
    static void writeEncoded(JsonGenerator gen, StoredProfileView profile, ByteString attributes, List<Segment> shown)
            throws IOException {
        gen.writeStartObject();
        EncodedStructJson.writeFields(attributes.newCodedInput(), gen);
        writeKeys(gen, profile, null, shown);
    }

    /** Ends the row: identityMap, eventList unless null, segmentMembership. */
    private static void writeKeys(
            JsonGenerator gen, StoredProfileView profile, List<Struct> events, List<Segment> shown) throws IOException {
        gen.writeFieldName(IDENTITY_MAP);
        writeIdentityMap(gen, profile);
        if (events != null) {
            gen.writeFieldName(EVENT_LIST);
            writeEvents(gen, events);
        }
        if (profile.getSegmentMembershipCount() > 0) {
            gen.writeFieldName(SEGMENT_MEMBERSHIP);
            if (shown == null) {
                writeAllMemberships(gen, profile);
            } else {
                writeMemberships(gen, profile, shown);
            }
        }
        gen.writeEndObject();
    }

    private static void writeEvents(JsonGenerator gen, List<Struct> events) throws IOException {
        gen.writeStartArray();
        for (Struct event : events) {
            ProtoJsonWriter.writeStruct(event, gen, false);
        }
        gen.writeEndArray();
    }

    /** namespace → [{"id", "authenticatedState", "primary"}], namespaces in the order they first appear. */
    private static void writeIdentityMap(JsonGenerator gen, StoredProfileView profile) throws IOException {
        List<StoredIdentity> identities = profile.getIdentitiesList();
        gen.writeStartObject();
        for (int i = 0; i < identities.size(); i++) {
            String namespace = identities.get(i).getNamespace();
            if (seenBefore(identities, i, namespace)) {
                continue;
            }
            ProtoJsonWriter.writeFieldName(namespace, gen);
            gen.writeStartArray();
            for (int j = i; j < identities.size(); j++) {
                StoredIdentity identity = identities.get(j);
                if (identity.getNamespace().equals(namespace)) {
                    gen.writeStartObject();
                    gen.writeFieldName(ID);
                    ProtoJsonWriter.writeString(identity.getId(), gen);
                    gen.writeFieldName(AUTHENTICATED_STATE);
                    ProtoJsonWriter.writeString(identity.getAuthenticatedState(), gen);
                    gen.writeFieldName(PRIMARY);
                    gen.writeBoolean(namespace.equals(profile.getPrimary().getNamespace())
                            && identity.getId().equals(profile.getPrimary().getId()));
                    gen.writeEndObject();
                }
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
    }

    private static boolean seenBefore(List<StoredIdentity> identities, int index, String namespace) {
        for (int i = 0; i < index; i++) {
            if (identities.get(i).getNamespace().equals(namespace)) {
                return true;
            }
        }
        return false;
    }

    private static void writeAllMemberships(JsonGenerator gen, StoredProfileView profile) throws IOException {
        gen.writeStartObject();
        for (Map.Entry<String, SegmentMemberships> namespace :
                profile.getSegmentMembershipMap().entrySet()) {
            ProtoJsonWriter.writeFieldName(namespace.getKey(), gen);
            gen.writeStartObject();
            for (Map.Entry<String, Membership> segment :
                    namespace.getValue().getSegmentsMap().entrySet()) {
                ProtoJsonWriter.writeFieldName(segment.getKey(), gen);
                writeMembership(gen, segment.getValue());
            }
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    /** The memberships of these segments (the profile is a member of each), grouped by namespace in the order they first appear. */
    private static void writeMemberships(JsonGenerator gen, StoredProfileView profile, List<Segment> shown)
            throws IOException {
        gen.writeStartObject();
        for (int i = 0; i < shown.size(); i++) {
            String namespace = shown.get(i).namespace();
            if (namespaceBefore(shown, i, namespace)) {
                continue;
            }
            ProtoJsonWriter.writeFieldName(namespace, gen);
            gen.writeStartObject();
            Map<String, Membership> segments =
                    profile.getSegmentMembershipOrThrow(namespace).getSegmentsMap();
            for (int j = i; j < shown.size(); j++) {
                if (shown.get(j).namespace().equals(namespace)) {
                    ProtoJsonWriter.writeFieldName(shown.get(j).id(), gen);
                    writeMembership(gen, segments.get(shown.get(j).id()));
                }
            }
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    private static boolean namespaceBefore(List<Segment> segments, int index, String namespace) {
        for (int i = 0; i < index; i++) {
            if (segments.get(i).namespace().equals(namespace)) {
                return true;
            }
        }
        return false;
    }

    /** {"status", "lastQualificationTime", "version" when known}. */
    private static void writeMembership(JsonGenerator gen, Membership membership) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(STATUS);
        ProtoJsonWriter.writeString(membership.getStatus(), gen);
        gen.writeFieldName(LAST_QUALIFICATION_TIME);
        ProtoJsonWriter.writeString(membership.getLastQualificationTime(), gen);
        if (membership.hasVersion()) {
            gen.writeFieldName(VERSION);
            // As a JSON number the version goes through a double, as every number of a row does.
            ProtoJsonWriter.writeValue(
                    Value.newBuilder().setNumberValue(membership.getVersion()).build(), gen);
        }
        gen.writeEndObject();
    }
}
