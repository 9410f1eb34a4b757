package io.segexport.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.server.DemoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl and {@code buf curl} walkthroughs (the pages marked {@code <!-- run-by: WalkthroughIT -->}):
 * each page's shell blocks run as written, in order, in one shell, against a fresh demo server.
 */
class WalkthroughIT {
    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> eachWalkthroughRunsAsWrittenAgainstAFreshDemoServer() {
        List<MarkdownFile> pages = Repository.runBy(getClass().getSimpleName());
        assertThat(pages)
                .extracting(page -> page.path().getFileName().toString())
                .contains("README.md", "walkthrough.md", "grpc.md");
        return pages.stream()
                .map(page -> DynamicTest.dynamicTest(page.path().getFileName().toString(), () -> {
                    Path dir = Files.createDirectories(
                            temp.resolve(page.path().getFileName().toString()));
                    try (DemoServer server = DemoServer.start(dir.resolve("data"))) {
                        Walkthrough.assertRunsAsWritten(
                                page, new ShellWalkthrough(dir.resolve("shell"), server.ports(), Map.of()));
                    }
                }));
    }
}
