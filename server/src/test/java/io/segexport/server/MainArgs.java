package io.segexport.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a test's server main: its folder, ephemeral ports and the test token, then the test's own flags. */
final class MainArgs {
    private MainArgs() {}

    static String[] testServer(Path dataDir, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--data-dir",
                dataDir.toString(),
                "--grpc-port",
                "0",
                "--http-port",
                "0",
                "--dev-token",
                TestServer.TOKEN));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
