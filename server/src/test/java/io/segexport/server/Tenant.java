package io.segexport.server;

import java.util.UUID;

/** The headers of one caller: a tenant of its own per test keeps tests apart on a shared server. */
record Tenant(String orgId, String sandbox, String apiKey, String token) {
    static Tenant fresh() {
        return new Tenant(
                UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase() + "@AdobeOrg",
                "prod",
                "test-client",
                TestServer.TOKEN);
    }

    Tenant inSandbox(String otherSandbox) {
        return new Tenant(orgId, otherSandbox, apiKey, token);
    }
}
