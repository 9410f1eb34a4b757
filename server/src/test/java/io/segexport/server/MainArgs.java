package io.segexport.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines of a test's server main: its folder and ephemeral ports, then the test's own flags. */
final class MainArgs {
    private MainArgs() {}

    /** A main that authenticates with the test token. */
    static String[] testServer(Path dataDir, String... more) {
        return onEphemeralPorts(dataDir, with(List.of("--dev-token", TestServer.TOKEN), more));
    }

    /** A main that authenticates as {@code more} says (or refuses to start for want of it). */
    static String[] onEphemeralPorts(Path dataDir, String... more) {
        return with(List.of("--data-dir", dataDir.toString(), "--grpc-port", "0", "--http-port", "0"), more);
    }

    /** A main verifying the test's HS256 JWTs ({@link Jwts}) with the secret in {@code secretFile}. */
    static String[] hs256Jwts(Path secretFile, String... more) {
        return with(
                List.of(
                        "--jwt-issuer",
                        Jwts.ISSUER,
                        "--jwt-audience",
                        Jwts.AUDIENCE,
                        "--jwt-hs256-secret-file",
                        secretFile.toString(),
                        "--registered-api-key",
                        Jwts.API_KEY),
                more);
    }

    private static String[] with(List<String> first, String... more) {
        List<String> args = new ArrayList<>(first);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
