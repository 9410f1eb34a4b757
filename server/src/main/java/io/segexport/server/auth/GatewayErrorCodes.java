package io.segexport.server.auth;

/**
 * The stable codes of authentication and header failures, in the API gateway's
 * {@code {"error_code", "message"}} shape. The first three digits are the HTTP status.
 */
public final class GatewayErrorCodes {
    /**
     * 401: the bearer token is not valid: malformed, unsigned ({@code alg: none}), signed with an
     * algorithm or key not accepted, a signature that does not verify, expired, not yet valid, or of
     * another issuer or audience. The message says which.
     */
    public static final String TOKEN_INVALID = "401013";
    /** 403: no Authorization header. */
    public static final String TOKEN_MISSING = "403010";
    /** 403: no x-api-key header. */
    public static final String API_KEY_MISSING = "403000";
    /** 403: the x-api-key is not a registered client (the public guide's "Api Key is invalid"). */
    public static final String API_KEY_INVALID = "403003";
    /**
     * 403: the token is valid but does not name the org of x-gw-ims-org-id among its orgs (the
     * public guide's "Profile is not valid": not entitled for that org).
     */
    public static final String ORG_NOT_IN_TOKEN = "403025";
    /** 400: x-gw-ims-org-id missing or malformed. */
    public static final String ORG_INVALID = "400003";
    /** 400: x-sandbox-name missing or malformed. */
    public static final String SANDBOX_INVALID = "400004";
    /** 503: the keys that verify tokens could not be fetched from the JWKS URL (and none are cached); retry later. */
    public static final String KEYS_UNAVAILABLE = "503013";

    private GatewayErrorCodes() {}
}
