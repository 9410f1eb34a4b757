package io.segexport.client.cli;

import io.segexport.client.ClientBuilder;
import io.segexport.client.SegexportClient;
import io.segexport.client.TestClients;
import io.segexport.server.SharedServer;
import io.segexport.server.Tenant;
import java.nio.file.Path;
import java.util.Map;

/**
 * A user of the command line as one fresh {@link Tenant} of a {@link SharedServer}: the command line
 * run in-process as that org (its settings come from the environment, as a user's would), and a
 * library client to set data up with.
 */
final class CliUser {
    private final SharedServer server;
    private final Tenant tenant;
    private final Map<String, String> environment;
    private final Path caFile;
    private SegexportClient client;

    private CliUser(SharedServer server, String target, Path caFile) {
        this.server = server;
        this.tenant = Tenant.fresh();
        this.environment = Map.of(
                "SEGEXPORT_TARGET",
                target,
                "SEGEXPORT_TOKEN",
                tenant.token(),
                "SEGEXPORT_API_KEY",
                tenant.apiKey(),
                "SEGEXPORT_ORG",
                tenant.orgId(),
                "SEGEXPORT_SANDBOX",
                tenant.sandbox());
        this.caFile = caFile;
    }

    /** A fresh org of this server, which no other test uses. */
    static CliUser of(SharedServer server) {
        return new CliUser(server, "127.0.0.1:" + server.grpcPort(), null);
    }

    /**
     * A fresh org of a {@link SharedServer#withTls() TLS server}, its target {@code tls://localhost:PORT}.
     * The environment does not name the CA: commands are given {@code --ca-file} (or
     * {@code SEGEXPORT_CA_FILE}); the library client trusts it.
     */
    static CliUser ofTls(SharedServer server) {
        return new CliUser(server, "tls://localhost:" + server.grpcPort(), server.caFile());
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Runs the command line with standard error not a terminal. */
    CliRun cli(String... args) {
        return CliRun.run(environment, false, args);
    }

    /** Runs the command line with standard error a terminal. */
    CliRun cliOnTerminal(String... args) {
        return CliRun.run(environment, true, args);
    }

    /** A library client of this org, for setting data up without going through the command line; closed after the test. */
    SegexportClient client() {
        if (client == null) {
            ClientBuilder builder = TestClients.builder(environment.get("SEGEXPORT_TARGET"), tenant);
            if (caFile != null) {
                builder.trustedCertificates(caFile);
            }
            client = server.track(builder.build());
        }
        return client;
    }
}
