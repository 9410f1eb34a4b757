package io.segexport.server.limits;

import io.grpc.Context;
import java.util.EnumMap;
import java.util.Map;

/**
 * The limits a server holds its callers to, one value per {@link Limit}. {@link #DEFAULTS} are the
 * documented defaults; {@code --limit NAME=VALUE} changes them through {@link #with(String, String)}.
 *
 * <p>The services read the limits of the call they serve with {@link #current()}: the
 * {@link LimitsInterceptor} puts the server's limits into every call's context, as the caller is.
 * Outside a call (a unit test, a fuzz target) the defaults apply.
 */
public record Limits(
        int requestBytes,
        int headerBytes,
        int jsonDepth,
        int pageSize,
        int ingestRecords,
        int listedRejections,
        int recordIdentities,
        int recordDepth,
        int recordStringLength,
        int jobSegments,
        int jobFields,
        int policyDatasets,
        int idLength,
        int nameLength,
        int textLength,
        int orgRunningJobs,
        int clientRate,
        int clientBurst,
        int fileMebibytes) {
    public static final Limits DEFAULTS = of(new EnumMap<>(Limit.class));

    static final Context.Key<Limits> CONTEXT_KEY = Context.key("segexport-limits");

    /** Limits with these values; an IllegalArgumentException naming the first limit out of its range. */
    public Limits {
        Limit.REQUEST_BYTES.check(requestBytes);
        Limit.HEADER_BYTES.check(headerBytes);
        Limit.JSON_DEPTH.check(jsonDepth);
        Limit.PAGE_SIZE.check(pageSize);
        Limit.INGEST_RECORDS.check(ingestRecords);
        Limit.LISTED_REJECTIONS.check(listedRejections);
        Limit.RECORD_IDENTITIES.check(recordIdentities);
        Limit.RECORD_DEPTH.check(recordDepth);
        Limit.RECORD_STRING_LENGTH.check(recordStringLength);
        Limit.JOB_SEGMENTS.check(jobSegments);
        Limit.JOB_FIELDS.check(jobFields);
        Limit.POLICY_DATASETS.check(policyDatasets);
        Limit.ID_LENGTH.check(idLength);
        Limit.NAME_LENGTH.check(nameLength);
        Limit.TEXT_LENGTH.check(textLength);
        Limit.ORG_RUNNING_JOBS.check(orgRunningJobs);
        Limit.CLIENT_RATE.check(clientRate);
        Limit.CLIENT_BURST.check(clientBurst);
        Limit.FILE_MEBIBYTES.check(fileMebibytes);
    }

    /** The limits of the call being served; the defaults outside a call. */
    public static Limits current() {
        Limits limits = CONTEXT_KEY.get();
        return limits != null ? limits : DEFAULTS;
    }

    /** The largest uploaded batch file, in bytes. */
    public long fileBytes() {
        return (long) fileMebibytes << 20;
    }

    /** Runs {@code task} outside any call (a background worker) under these limits, as a call would. */
    public void run(Runnable task) {
        Context.current().withValue(CONTEXT_KEY, this).run(task);
    }

    /** The value of one limit. */
    public int get(Limit limit) {
        return switch (limit) {
            case REQUEST_BYTES -> requestBytes;
            case HEADER_BYTES -> headerBytes;
            case JSON_DEPTH -> jsonDepth;
            case PAGE_SIZE -> pageSize;
            case INGEST_RECORDS -> ingestRecords;
            case LISTED_REJECTIONS -> listedRejections;
            case RECORD_IDENTITIES -> recordIdentities;
            case RECORD_DEPTH -> recordDepth;
            case RECORD_STRING_LENGTH -> recordStringLength;
            case JOB_SEGMENTS -> jobSegments;
            case JOB_FIELDS -> jobFields;
            case POLICY_DATASETS -> policyDatasets;
            case ID_LENGTH -> idLength;
            case NAME_LENGTH -> nameLength;
            case TEXT_LENGTH -> textLength;
            case ORG_RUNNING_JOBS -> orgRunningJobs;
            case CLIENT_RATE -> clientRate;
            case CLIENT_BURST -> clientBurst;
            case FILE_MEBIBYTES -> fileMebibytes;
        };
    }

    /** These limits with one changed; an IllegalArgumentException naming the limit when the value is out of its range. */
    public Limits with(Limit limit, int value) {
        Map<Limit, Integer> values = values();
        values.put(limit, limit.check(value));
        return of(values);
    }

    /**
     * These limits with one changed, as {@code --limit NAME=VALUE} gives it; an
     * IllegalArgumentException naming an unknown limit, or a value that is not a whole number in range.
     */
    public Limits with(String name, String value) {
        Limit limit = Limit.named(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown limit \"" + name + "\"; the limits are " + Limit.names()));
        return with(limit, limit.parse(value));
    }

    /** The defaults with each {@code NAME=VALUE} of the map applied, in its order. */
    public static Limits parse(Map<String, String> settings) {
        Limits limits = DEFAULTS;
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            limits = limits.with(setting.getKey(), setting.getValue());
        }
        return limits;
    }

    private Map<Limit, Integer> values() {
        Map<Limit, Integer> values = new EnumMap<>(Limit.class);
        for (Limit limit : Limit.values()) {
            values.put(limit, get(limit));
        }
        return values;
    }

    /** Limits from a map of values; a limit the map lacks has its default. */
    private static Limits of(Map<Limit, Integer> values) {
        java.util.function.ToIntFunction<Limit> value = limit -> values.getOrDefault(limit, limit.defaultValue());
        return new Limits(
                value.applyAsInt(Limit.REQUEST_BYTES),
                value.applyAsInt(Limit.HEADER_BYTES),
                value.applyAsInt(Limit.JSON_DEPTH),
                value.applyAsInt(Limit.PAGE_SIZE),
                value.applyAsInt(Limit.INGEST_RECORDS),
                value.applyAsInt(Limit.LISTED_REJECTIONS),
                value.applyAsInt(Limit.RECORD_IDENTITIES),
                value.applyAsInt(Limit.RECORD_DEPTH),
                value.applyAsInt(Limit.RECORD_STRING_LENGTH),
                value.applyAsInt(Limit.JOB_SEGMENTS),
                value.applyAsInt(Limit.JOB_FIELDS),
                value.applyAsInt(Limit.POLICY_DATASETS),
                value.applyAsInt(Limit.ID_LENGTH),
                value.applyAsInt(Limit.NAME_LENGTH),
                value.applyAsInt(Limit.TEXT_LENGTH),
                value.applyAsInt(Limit.ORG_RUNNING_JOBS),
                value.applyAsInt(Limit.CLIENT_RATE),
                value.applyAsInt(Limit.CLIENT_BURST),
                value.applyAsInt(Limit.FILE_MEBIBYTES));
    }
}
