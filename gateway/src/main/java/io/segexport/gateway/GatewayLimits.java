package io.segexport.gateway;

import io.segexport.json.ProtoJsonReader;

/**
 * The limits the REST face itself enforces, before a request reaches the service. Their names are
 * the server's {@code --limit} names.
 *
 * @param requestBytes the largest request body ({@code request-bytes}): 413 beyond it
 * @param headerBytes  the largest header block ({@code header-bytes}): 431 beyond it
 * @param jsonDepth    how deep objects and arrays may nest in a JSON body ({@code json-depth}): 400 beyond it
 * @param fileBytes    the largest uploaded batch file ({@code file-mebibytes}, in bytes): 413 beyond it
 */
public record GatewayLimits(int requestBytes, int headerBytes, int jsonDepth, long fileBytes) {
    /** Armeria's own defaults for the sizes, the JSON reader's default depth, and 1 GiB files. */
    public static final GatewayLimits DEFAULTS =
            new GatewayLimits(10 << 20, 8192, ProtoJsonReader.DEFAULT_MAX_DEPTH, 1L << 30);

    public GatewayLimits {
        if (requestBytes < 1 || headerBytes < 1 || fileBytes < 1) {
            throw new IllegalArgumentException(
                    "request and header sizes must be positive, not " + requestBytes + " and " + headerBytes);
        }
        // One level is kept for the transcoder's wrapping of a body field (see Gateway).
        if (jsonDepth < 1 || jsonDepth >= ProtoJsonReader.MAX_DEPTH) {
            throw new IllegalArgumentException(
                    "jsonDepth must be from 1 to " + (ProtoJsonReader.MAX_DEPTH - 1) + ", not " + jsonDepth);
        }
    }
}
