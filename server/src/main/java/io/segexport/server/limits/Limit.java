package io.segexport.server.limits;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The named limits of the server, each with its default and the range an operator may set it to
 * with {@code --limit NAME=VALUE}. The "Limits" table of docs/api.md describes each one.
 */
public enum Limit {
    /** Bytes of a REST request body, or of one gRPC message. */
    REQUEST_BYTES(10 << 20, 1024, Integer.MAX_VALUE),
    /** Bytes of a request's headers (HTTP/1.1 header block, HTTP/2 header list, gRPC metadata). */
    HEADER_BYTES(8192, 1024, 1 << 20),
    /** Nesting of objects and arrays in a JSON body (the body itself being level 1). */
    JSON_DEPTH(64, 1, 500),
    /** The largest {@code limit} of a listing. */
    PAGE_SIZE(1000, 1, Integer.MAX_VALUE),
    /** Records per ingest request, or per message of a streamed ingest. */
    INGEST_RECORDS(1000, 1, Integer.MAX_VALUE),
    /** Rejections an ingest answer lists ({@code rejectedTotal} counts them all). */
    LISTED_REJECTIONS(1000, 1, Integer.MAX_VALUE),
    /** Identities per ingested record. */
    RECORD_IDENTITIES(100, 1, Integer.MAX_VALUE),
    /**
     * Nesting of objects and arrays in an ingested record. Each level costs protobuf message levels
     * in the stored profile and protobuf parses at most 100, so a deeper record could be stored but
     * never read back: 32 is also the most allowed.
     */
    RECORD_DEPTH(32, 1, 32),
    /** Characters of every string and key in an ingested record. */
    RECORD_STRING_LENGTH(1 << 20, 1, Integer.MAX_VALUE),
    /** Segments in an export job's {@code filter.segments}. */
    JOB_SEGMENTS(100, 1, Integer.MAX_VALUE),
    /** Paths in an export job's {@code fields} (and in {@code additionalFields.eventList.fields}). */
    JOB_FIELDS(500, 1, Integer.MAX_VALUE),
    /** Datasets in a merge policy's {@code attributeMerge.order}. */
    POLICY_DATASETS(100, 1, Integer.MAX_VALUE),
    /**
     * Characters of an id, a namespace or a field path. At least 64, so that the ids the server
     * makes (24-character dataset ids, 36-character merge policy ids) always pass when sent back.
     */
    ID_LENGTH(256, 64, Integer.MAX_VALUE),
    /** Characters of a name (of a dataset, of a merge policy). */
    NAME_LENGTH(256, 1, Integer.MAX_VALUE),
    /** Characters of the free text of a resource: a dataset's description and schema ref. */
    TEXT_LENGTH(4096, 1, Integer.MAX_VALUE),
    /** Export jobs of one org PROCESSING at once; the org's further jobs wait as NEW. */
    ORG_RUNNING_JOBS(2, 1, Integer.MAX_VALUE),
    /** Requests a second each client (x-api-key) may make, on average. */
    CLIENT_RATE(100, 1, Integer.MAX_VALUE),
    /** Requests a client may make at once before its rate applies: the size of its token bucket. */
    CLIENT_BURST(200, 1, Integer.MAX_VALUE),
    /**
     * Mebibytes of one uploaded batch file, whole or in parts: by default four times the platform's
     * 256 MB small-file size.
     */
    FILE_MEBIBYTES(1024, 1, 1 << 20);

    private final int defaultValue;
    private final int min;
    private final int max;

    Limit(int defaultValue, int min, int max) {
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
    }

    /** The limit's name as {@code --limit} and the error messages spell it: {@code request-bytes}. */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public int defaultValue() {
        return defaultValue;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** The limit of this name, if there is one. */
    public static Optional<Limit> named(String name) {
        return Arrays.stream(values())
                .filter(limit -> limit.flagName().equals(name))
                .findFirst();
    }

    /** Every limit's name, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Limit::flagName).collect(Collectors.joining(", "));
    }

    /** The value, or an IllegalArgumentException naming the limit when it is out of range. */
    int check(long value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("limit " + flagName() + " must be " + range() + ", not " + value);
        }
        return (int) value;
    }

    /** Parses a value of this limit: a whole number in range; an IllegalArgumentException naming the limit otherwise. */
    int parse(String text) {
        String digits = text.strip().replace("_", "");
        if (!digits.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException(
                    "limit " + flagName() + " must be a whole number " + range() + ", not \"" + text + "\"");
        }
        return check(Long.parseLong(digits));
    }

    private String range() {
        return "from " + min + " to " + max;
    }
}
