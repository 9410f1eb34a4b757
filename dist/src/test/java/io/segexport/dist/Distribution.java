package io.segexport.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tarball unpacked, then moved, so that nothing in it can lean on the build folder it came from. */
record Distribution(Path home) {
    private static final Duration UNPACK_TIME = Duration.ofMinutes(2);

    /** Unpacks {@code tarball} (whose top folder is {@code name}) into {@code folder}, then moves it to another one. */
    static Distribution unpackAndMove(Path tarball, String name, Path folder) throws IOException, InterruptedException {
        Path unpacked = Files.createDirectories(folder.resolve("unpacked"));
        try (Launched tar = Launched.start(List.of("tar", "-xzf", tarball.toString()), unpacked, Map.of())) {
            if (tar.awaitExit(UNPACK_TIME) != 0) {
                throw new IOException("tar -xzf " + tarball + " failed: " + tar.output());
            }
        }
        Path installed = Files.createDirectories(folder.resolve("installed")).resolve(name);
        Files.move(unpacked.resolve(name), installed);
        return new Distribution(installed);
    }

    Path bin(String launcher) {
        return home.resolve("bin").resolve(launcher);
    }

    Path lib() {
        return home.resolve("lib");
    }

    Path config(String file) {
        return home.resolve("config").resolve(file);
    }

    /**
     * Runs {@code launcher} (a path to one of bin/'s, or to a link to it) in {@code workDir}, with
     * {@code JAVA_HOME} set to this test's Java, none of the caller's JVM or segexport settings, and
     * {@code env} on top.
     */
    static Launched launch(Path launcher, Path workDir, Map<String, String> env, String... args) throws IOException {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(key -> key.equals("JAVA_OPTS") || key.startsWith("SEGEXPORT_"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(env);
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        return Launched.start(command, workDir, environment);
    }
}
