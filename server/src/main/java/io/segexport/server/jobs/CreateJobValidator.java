package io.segexport.server.jobs;

import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.mergepolicies.BuiltInPolicy;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.ProfileSchema;
import io.segexport.server.validation.ResourceIds;
import io.segexport.server.validation.Rfc3339;
import io.segexport.server.validation.Texts;
import io.segexport.v1.AdditionalFields;
import io.segexport.v1.Destination;
import io.segexport.v1.EvaluationInfo;
import io.segexport.v1.EventFilter;
import io.segexport.v1.EventList;
import io.segexport.v1.ExportFilter;
import io.segexport.v1.ExportJob;
import io.segexport.v1.MergePolicyRef;
import io.segexport.v1.SegmentFilter;
import io.segexport.v1.SegmentQualificationTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a create request into the input fields of a job: every field checked (a 400 naming the
 * first field at fault), the documented defaults filled in, output-only fields dropped.
 */
final class CreateJobValidator {
    static final String DEFAULT_SEGMENT_NS = "ups";
    static final List<String> DEFAULT_STATUSES = List.of("realized", "existing");
    private static final Set<String> SEGMENT_STATUSES = Set.of("realized", "existing", "exited");
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z0-9_@$-]+(\\.[A-Za-z0-9_@$-]+)*");

    private CreateJobValidator() {}

    static ExportJob validate(ExportJob request) {
        ExportJob.Builder job = ExportJob.newBuilder()
                .setDestination(destination(request))
                .setSchema(ProfileSchema.check(request.getSchema()))
                .setFields(fieldPaths("fields", request.getFields()))
                .setMergePolicy(mergePolicy(request.getMergePolicy()));
        if (request.hasFilter()) {
            job.setFilter(filter(request.getFilter()));
        }
        if (request.hasAdditionalFields()) {
            job.setAdditionalFields(additionalFields(request.getAdditionalFields()));
        }
        if (request.hasEvaluationInfo()) {
            job.setEvaluationInfo(EvaluationInfo.newBuilder()
                    .setSegmentation(request.getEvaluationInfo().getSegmentation()));
        }
        if (job.getDestination().getSegmentPerBatch() && job.getFilter().getSegmentsCount() == 0) {
            throw ServiceErrors.invalidArgument(
                    "destination.segmentPerBatch",
                    "is true but filter.segments is empty: one batch is written per listed segment");
        }
        return job.build();
    }

    private static Destination destination(ExportJob request) {
        if (!request.hasDestination()) {
            throw ServiceErrors.invalidArgument("destination", "is required");
        }
        Destination given = request.getDestination();
        String datasetId = given.getDatasetId();
        if (datasetId.isBlank()) {
            throw ServiceErrors.invalidArgument("destination.datasetId", "is required");
        }
        return Destination.newBuilder()
                .setDatasetId(ResourceIds.check("destination.datasetId", datasetId))
                .setSegmentPerBatch(given.getSegmentPerBatch())
                .build();
    }

    /** A comma-separated list of dotted paths, returned without the blanks around its items. */
    private static String fieldPaths(String field, String paths) {
        if (paths.isBlank()) {
            return "";
        }
        Limits limits = Limits.current();
        String[] items = paths.split(",", -1);
        if (items.length > limits.jobFields()) {
            throw ServiceErrors.invalidArgument(
                    field,
                    "lists more than " + limits.jobFields() + " paths (the " + Limit.JOB_FIELDS.flagName() + " limit)");
        }
        List<String> clean = new ArrayList<>(items.length);
        for (String item : items) {
            String path = item.strip();
            if (path.length() > limits.idLength()) {
                throw ServiceErrors.invalidArgument(
                        field,
                        "has a path longer than " + limits.idLength() + " characters (the " + Limit.ID_LENGTH.flagName()
                                + " limit): \"" + Texts.shorten(path) + "\"");
            }
            if (!FIELD_PATH.matcher(path).matches()) {
                throw ServiceErrors.invalidArgument(
                        field,
                        "must be comma-separated dotted paths such as " + "\"identities.id,personalEmail.address\"; \""
                                + Texts.shorten(path) + "\" is not one");
            }
            clean.add(path);
        }
        return String.join(",", clean);
    }

    private static MergePolicyRef mergePolicy(MergePolicyRef given) {
        if (given.getVersion() < 0) {
            throw ServiceErrors.invalidArgument("mergePolicy.version", "must be a positive number");
        }
        String id = given.getId().isEmpty() ? BuiltInPolicy.ID : Ids.check("mergePolicy.id", given.getId());
        return MergePolicyRef.newBuilder()
                .setId(id)
                .setVersion(Math.max(1, given.getVersion()))
                .build();
    }

    private static ExportFilter filter(ExportFilter given) {
        ExportFilter.Builder filter = ExportFilter.newBuilder();
        int maxSegments = Limits.current().jobSegments();
        if (given.getSegmentsCount() > maxSegments) {
            throw ServiceErrors.invalidArgument(
                    "filter.segments",
                    "lists more than " + maxSegments + " segments (the " + Limit.JOB_SEGMENTS.flagName() + " limit)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.getSegmentsCount(); i++) {
            SegmentFilter segment = segment("filter.segments[" + i + "]", given.getSegments(i));
            if (!seen.add(segment.getSegmentNs() + "\n" + segment.getSegmentId())) {
                throw ServiceErrors.invalidArgument(
                        "filter.segments[" + i + "]",
                        "repeats segment " + segment.getSegmentNs() + "/" + segment.getSegmentId());
            }
            filter.addSegments(segment);
        }
        if (given.hasSegmentQualificationTime()) {
            SegmentQualificationTime window = given.getSegmentQualificationTime();
            String start = Rfc3339.normalize("filter.segmentQualificationTime.startTime", window.getStartTime());
            String end = Rfc3339.normalize("filter.segmentQualificationTime.endTime", window.getEndTime());
            Rfc3339.checkWindow("filter.segmentQualificationTime", start, end, "startTime", "endTime");
            filter.setSegmentQualificationTime(
                    SegmentQualificationTime.newBuilder().setStartTime(start).setEndTime(end));
        }
        filter.setFromIngestTimestamp(Rfc3339.normalize("filter.fromIngestTimestamp", given.getFromIngestTimestamp()));
        if (given.hasEmptyProfiles()) {
            filter.setEmptyProfiles(given.getEmptyProfiles());
        }
        return filter.build();
    }

    private static SegmentFilter segment(String field, SegmentFilter given) {
        if (given.getSegmentId().isBlank()) {
            throw ServiceErrors.invalidArgument(field + ".segmentId", "is required");
        }
        String ns = given.getSegmentNs().isEmpty() ? DEFAULT_SEGMENT_NS : given.getSegmentNs();
        Set<String> statuses = new LinkedHashSet<>();
        for (int i = 0; i < given.getStatusCount(); i++) {
            String status = given.getStatus(i).toLowerCase(Locale.ROOT);
            if (!SEGMENT_STATUSES.contains(status)) {
                throw ServiceErrors.invalidArgument(
                        field + ".status[" + i + "]",
                        "must be \"realized\", \"existing\" or \"exited\", not \"" + Texts.shorten(given.getStatus(i))
                                + "\"");
            }
            statuses.add(status);
        }
        return SegmentFilter.newBuilder()
                .setSegmentId(Ids.check(field + ".segmentId", given.getSegmentId()))
                .setSegmentNs(Ids.check(field + ".segmentNs", ns))
                .addAllStatus(statuses.isEmpty() ? DEFAULT_STATUSES : statuses)
                .build();
    }

    private static AdditionalFields additionalFields(AdditionalFields given) {
        AdditionalFields.Builder additional = AdditionalFields.newBuilder();
        if (given.hasEventList()) {
            EventList events = given.getEventList();
            EventList.Builder eventList = EventList.newBuilder()
                    .setFields(fieldPaths("additionalFields.eventList.fields", events.getFields()));
            if (events.hasFilter()) {
                String from = Rfc3339.normalize(
                        "additionalFields.eventList.filter.fromIngestTimestamp",
                        events.getFilter().getFromIngestTimestamp());
                String to = Rfc3339.normalize(
                        "additionalFields.eventList.filter.toIngestTimestamp",
                        events.getFilter().getToIngestTimestamp());
                Rfc3339.checkWindow(
                        "additionalFields.eventList.filter", from, to, "fromIngestTimestamp", "toIngestTimestamp");
                eventList.setFilter(
                        EventFilter.newBuilder().setFromIngestTimestamp(from).setToIngestTimestamp(to));
            }
            additional.setEventList(eventList);
        }
        return additional.build();
    }
}
