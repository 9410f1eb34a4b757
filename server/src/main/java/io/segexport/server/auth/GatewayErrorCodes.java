package io.segexport.server.auth;

/**
 * The stable codes of authentication and header failures, in the API gateway's
 * {@code {"error_code", "message"}} shape. The first three digits are the HTTP status.
 */
public final class GatewayErrorCodes {
    /** 401: the bearer token is malformed, unknown or expired. */
    public static final String TOKEN_INVALID = "401013";
    /** 403: no Authorization header. */
    public static final String TOKEN_MISSING = "403010";
    /** 403: no x-api-key header. */
    public static final String API_KEY_MISSING = "403000";
    /** 400: x-gw-ims-org-id missing or malformed. */
    public static final String ORG_INVALID = "400003";
    /** 400: x-sandbox-name missing or malformed. */
    public static final String SANDBOX_INVALID = "400004";

    private GatewayErrorCodes() {}
}
