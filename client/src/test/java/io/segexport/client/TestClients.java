package io.segexport.client;

import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;
import io.segexport.server.TestServer;

/** Library clients of a {@link SharedServer}'s tenants, closed by the server after each test. */
final class TestClients {
    private TestClients() {}

    /** A client of a fresh tenant (org), which no other test uses. */
    static SegexportClient newTenant(SharedServer server) {
        return newTenant(server, RetryPolicy.DEFAULT);
    }

    /** A client of a fresh tenant, with this retry policy. */
    static SegexportClient newTenant(SharedServer server, RetryPolicy retry) {
        return server.track(
                builder(server.grpcPort(), Tenant.fresh().orgId()).retry(retry).build());
    }

    /** A builder with every required setting, for this org on a server of this port. */
    static ClientBuilder builder(int port, String org) {
        return SegexportClient.builder()
                .target("127.0.0.1:" + port)
                .token(TestServer.TOKEN)
                .apiKey("test-client")
                .org(org)
                .sandbox("prod");
    }
}
