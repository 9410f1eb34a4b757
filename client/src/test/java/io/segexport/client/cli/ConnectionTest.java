package io.segexport.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.segexport.client.Fixtures;
import io.segexport.server.SharedServer;
import io.segexport.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connection settings from the environment and flags, and what happens when they are wrong. */
class ConnectionTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(0);

    @Test
    void aWrongTokenIsAnAuthenticationFailure() {
        CliRun run = CliUser.of(server)
                .cli("datasets", "list", "--token", "not-the-token")
                .expectExit(3);

        assertThat(run.err())
                .startsWith("segexport: UNAUTHENTICATED: ")
                .endsWith("(check --token, --api-key, --org and --sandbox)\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void flagsOverrideTheEnvironment() {
        CliUser tenant = CliUser.of(server);
        Map<String, String> environment = new HashMap<>(tenant.environment());
        environment.put("SEGEXPORT_TOKEN", "not-the-token");

        CliRun.run(environment, false, "datasets", "list", "--token", TestServer.TOKEN)
                .expectExit(0);
    }

    @Test
    void globalOptionsMayComeBeforeTheSubcommand() {
        CliUser tenant = CliUser.of(server);
        String id = tenant.client().createDataSet(Fixtures.dataSet("Exports"));

        JsonNode dataSets =
                tenant.cli("--output", "json", "datasets", "list").expectExit(0).json();

        assertThat(dataSets.get(0).get("id").textValue()).isEqualTo(id);
    }

    @Test
    void theOrgScopesWhatIsSeen() {
        CliUser tenant = CliUser.of(server);
        String id = tenant.client().createDataSet(Fixtures.dataSet("Exports"));

        tenant.cli("datasets", "get", id, "--org", "SOMEONEELSE0000000000000@AdobeOrg")
                .expectExit(4);
    }

    @Test
    void aServerThatIsNotThereIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String target = "127.0.0.1:" + port;

        CliRun run = CliUser.of(server).cli("jobs", "list", "--target", target).expectExit(6);

        assertThat(run.err())
                .startsWith("segexport: cannot reach the server at " + target + " (--target): UNAVAILABLE");
        assertThat(run.out()).isEmpty();
    }
}
