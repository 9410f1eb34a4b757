package io.segexport.client;

import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;

/** Library clients of a {@link SharedServer}'s tenants, closed by the server after each test. */
public final class TestClients {
    private TestClients() {}

    /** A client of a fresh tenant (org), which no other test uses. */
    static SegexportClient newTenant(SharedServer server) {
        return newTenant(server, RetryPolicy.DEFAULT);
    }

    /** A client of a fresh tenant, with this retry policy. */
    static SegexportClient newTenant(SharedServer server, RetryPolicy retry) {
        return server.track(builder("127.0.0.1:" + server.grpcPort(), Tenant.fresh())
                .retry(retry)
                .build());
    }

    /** A builder with every required setting, for this org on a server of this port. */
    static ClientBuilder builder(int port, String org) {
        return builder("127.0.0.1:" + port, Tenant.of(org));
    }

    /** A builder with every required setting: this target, and the headers of this tenant. */
    public static ClientBuilder builder(String target, Tenant tenant) {
        return SegexportClient.builder()
                .target(target)
                .token(tenant.token())
                .apiKey(tenant.apiKey())
                .org(tenant.orgId())
                .sandbox(tenant.sandbox());
    }
}
