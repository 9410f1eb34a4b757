package io.segexport.server.auth;

/**
 * Verifies a caller's credentials. Implementations throw a {@code StatusRuntimeException} made by
 * {@code ServiceErrors.gateway} when the credentials do not admit the caller to the org.
 */
public interface Authenticator {
    /**
     * @param bearerToken the token of the {@code Authorization: Bearer} header, never empty
     * @param apiKey      the {@code x-api-key} header, never empty
     * @param orgId       the {@code x-gw-ims-org-id} header, already checked for form
     */
    void authenticate(String bearerToken, String apiKey, String orgId);
}
