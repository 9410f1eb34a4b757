package io.segexport.server.batchstore;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Where an {@link S3BatchStore} keeps batches: a bucket, a key prefix in it (empty, or ending in
 * {@code /}), the S3-compatible server's endpoint (null for AWS itself) and the region to sign for.
 *
 * @param bucket   the bucket, which must exist
 * @param prefix   the keys' prefix: "" or "path/to/"
 * @param endpoint the server's URL (http or https); null for AWS's own endpoints
 * @param region   the region requests are signed for
 */
public record S3Config(String bucket, String prefix, URI endpoint, String region) {
    /** The flag that names the location, for errors. */
    public static final String LOCATION_FLAG = "--batch-store";

    public static final String ENDPOINT_FLAG = "--s3-endpoint";

    // S3's own rule for bucket names (3 to 63 characters; lower case, digits, dots and hyphens).
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /**
     * The location {@code s3://bucket/prefix} with the endpoint {@code endpoint} (null or blank for
     * AWS); IllegalArgumentException naming the flag at fault.
     */
    public static S3Config parse(String location, String endpoint, String region) {
        if (!location.startsWith("s3://")) {
            throw new IllegalArgumentException(
                    LOCATION_FLAG + " must be s3://BUCKET or s3://BUCKET/PREFIX, not " + location);
        }
        String path = location.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException(LOCATION_FLAG + " names the bucket \"" + bucket
                    + "\", which is not a bucket name (3 to 63 of a-z, 0-9, '.' and '-')");
        }
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        if (prefix.contains("//") || prefix.startsWith("/")) {
            throw new IllegalArgumentException(LOCATION_FLAG + " must not have an empty path segment: " + location);
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        return new S3Config(bucket, prefix, endpoint(endpoint), region);
    }

    private static URI endpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(endpoint);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        ENDPOINT_FLAG + " must be an http:// or https:// URL with a host, not " + endpoint);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ENDPOINT_FLAG + " is not a URL: " + endpoint, e);
        }
    }

    /** The location as the flag gives it, for messages. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** Where the server is, for messages. */
    public String server() {
        return endpoint == null ? "AWS (" + region + ")" : endpoint.toString();
    }
}
