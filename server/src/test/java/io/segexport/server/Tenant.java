package io.segexport.server;

import java.util.UUID;

/**
 * The headers of one caller of a test server, in both modules' tests: a tenant of its own per test
 * keeps tests apart on a shared server.
 */
public record Tenant(String orgId, String sandbox, String apiKey, String token) {
    /** An org no other test uses, in sandbox {@code prod}, with the test token. */
    public static Tenant fresh() {
        return of(UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase() + "@AdobeOrg");
    }

    /** This org (any text, for tests of refused ones), in sandbox {@code prod}, with the test token. */
    public static Tenant of(String orgId) {
        return new Tenant(orgId, "prod", "test-client", TestServer.TOKEN);
    }

    Tenant inSandbox(String otherSandbox) {
        return new Tenant(orgId, otherSandbox, apiKey, token);
    }
}
