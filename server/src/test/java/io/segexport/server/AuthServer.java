package io.segexport.server;

import io.segexport.server.auth.AuthConfig;
import io.segexport.server.limits.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for a test class that verifies JWTs and has no development token, on ephemeral
 * ports over a temporary folder; its {@link AuthConfig} is made when the class starts, from a folder
 * where the test may write key files.
 */
final class AuthServer implements BeforeAllCallback, AfterAllCallback {
    private final Function<Path, AuthConfig> config;
    private Path folder;
    private SegexportServer server;
    private AuthProbe probe;

    AuthServer(Function<Path, AuthConfig> config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory("segexport-auth-test");
        Path dataDir = Files.createDirectory(folder.resolve("data"));
        server = SegexportServer.start(new ServerConfig(
                dataDir,
                0,
                0,
                null,
                0,
                config.apply(folder),
                Limits.DEFAULTS,
                null,
                false,
                Clock.systemUTC(),
                null,
                null,
                null));
        probe = new AuthProbe(server.httpPort(), server.grpcPort());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        probe.close();
        server.close();
        TempFolders.delete(folder);
    }

    AuthProbe probe() {
        return probe;
    }

    int httpPort() {
        return server.httpPort();
    }

    int grpcPort() {
        return server.grpcPort();
    }
}
