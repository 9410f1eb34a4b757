package io.segexport.client.cli;

import io.segexport.client.ClientBuilder;
import io.segexport.client.RealServer;
import io.segexport.client.SegexportClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One org of a {@link RealServer}: the command line run in-process as that org (its settings come
 * from the environment, as a user's would), and a library client to set data up with.
 */
final class Tenant {
    private final Map<String, String> environment;
    private final UnaryOperator<SegexportClient> register;
    private final Path caFile;
    private SegexportClient client;

    private Tenant(String target, String org, UnaryOperator<SegexportClient> register, Path caFile) {
        this.environment = Map.of(
                "SEGEXPORT_TARGET",
                target,
                "SEGEXPORT_TOKEN",
                RealServer.TOKEN,
                "SEGEXPORT_API_KEY",
                "cli-test",
                "SEGEXPORT_ORG",
                org,
                "SEGEXPORT_SANDBOX",
                "prod");
        this.register = register;
        this.caFile = caFile;
    }

    /** A fresh org of this server, which no other test uses. */
    static Tenant of(RealServer server) {
        return new Tenant("127.0.0.1:" + server.grpcPort(), RealServer.freshOrg(), server::track, null);
    }

    /**
     * A fresh org of a {@link RealServer#withTls() TLS server}, its target {@code tls://localhost:PORT}.
     * The environment does not name the CA: commands are given {@code --ca-file} (or
     * {@code SEGEXPORT_CA_FILE}); the library client trusts it.
     */
    static Tenant ofTls(RealServer server) {
        return new Tenant(
                "tls://localhost:" + server.grpcPort(), RealServer.freshOrg(), server::track, server.caFile());
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

    /** A library client of this org, for setting data up without going through the command line. */
    SegexportClient client() {
        if (client == null) {
            ClientBuilder builder = SegexportClient.builder()
                    .target(environment.get("SEGEXPORT_TARGET"))
                    .token(RealServer.TOKEN)
                    .apiKey("cli-test")
                    .org(environment.get("SEGEXPORT_ORG"))
                    .sandbox("prod");
            if (caFile != null) {
                builder.trustedCertificates(caFile);
            }
            client = register.apply(builder.build());
        }
        return client;
    }
}
