package io.segexport.client.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.client.cli.SegexportCli;
import io.segexport.server.DemoServer;
import io.segexport.server.docs.MarkdownFile;
import io.segexport.server.docs.Repository;
import io.segexport.server.docs.ShellWalkthrough;
import io.segexport.server.docs.Walkthrough;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's page (docs/cli.md) runs as written against a fresh demo server, with a
 * {@code segexport} on the PATH that runs this build's command line, in a scratch folder holding a
 * copy of the repository's examples, as the page asks.
 */
class CliWalkthroughIT {
    @TempDir
    Path temp;

    @Test
    void theCommandLinePageRunsAsWrittenAgainstAFreshDemoServer() throws Exception {
        List<MarkdownFile> pages = Repository.runBy(getClass().getSimpleName());
        assertThat(pages)
                .extracting(page -> page.path().getFileName().toString())
                .containsExactly("cli.md");
        try (DemoServer server = DemoServer.start(temp.resolve("data"))) {
            ShellWalkthrough shell = new ShellWalkthrough(
                    temp.resolve("shell"),
                    server.ports(),
                    Map.of(
                            "PATH",
                            launcherFolder() + ":" + System.getenv("PATH"),
                            // The page relies on the command line's default target, localhost:50051: here, the server's
                            // port.
                            "SEGEXPORT_TARGET",
                            server.ports().rewrite("localhost:50051")));
            copyExamples(shell.folder().resolve("examples"));
            Walkthrough.assertRunsAsWritten(pages.get(0), shell);
        }
    }

    /** A folder holding {@code segexport}: this JVM's Java running the command line from the test classpath. */
    private Path launcherFolder() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        String java =
                ClientJava.command().stream().map(word -> "'" + word + "'").collect(Collectors.joining(" "));
        Files.writeString(
                bin.resolve("segexport"), "#!/bin/sh\nexec " + java + " " + SegexportCli.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("segexport"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static void copyExamples(Path to) throws Exception {
        Path examples = Repository.root().resolve("examples");
        Files.createDirectories(to);
        try (var files = Files.list(examples)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }
}
