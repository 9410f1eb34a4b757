package io.segexport.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shell block of the README and of docs/ is run by a test of the build, or names the test that
 * covers it instead; and the documentation points nowhere outside the repository.
 */
class DocumentationBlocksTest {
    private static Set<String> testClasses;

    @BeforeAll
    static void findTests() throws IOException {
        try (Stream<Path> files = Files.walk(Repository.root())) {
            testClasses = files.filter(f -> f.toString().contains("/src/test/java/"))
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith("Test.java") || n.endsWith("IT.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length()))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void everyShellBlockIsRunOrNamesTheTestThatCoversIt() {
        List<String> problems = new ArrayList<>();
        for (MarkdownFile page : Repository.documentation()) {
            page.runBy()
                    .filter(test -> !testClasses.contains(test))
                    .ifPresent(test -> problems.add(page.path().getFileName() + ": run-by names no test: " + test));
            for (MarkdownFile.Block block : page.blocks()) {
                if (!block.isShell()) {
                    continue;
                }
                String coveredBy = block.comment("covered-by").orElse(null);
                if (coveredBy != null && !covers(coveredBy)) {
                    problems.add(
                            page.where(block) + ": covered-by names no test or file of the repository: " + coveredBy);
                } else if (coveredBy == null && page.runBy().isEmpty()) {
                    problems.add(page.where(block) + ": neither run (the page has no run-by) nor covered-by a test");
                }
                if (block.comment("expect").isPresent()
                        && (coveredBy != null || page.runBy().isEmpty())) {
                    problems.add(page.where(block) + ": expects answers of a block no test runs");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theDocumentationPointsNowhereOutsideTheRepository() {
        assertThat(Repository.documentation())
                .allSatisfy(page -> assertThat(Files.readString(page.path()))
                        .as(page.path().toString())
                        .doesNotContain("../shared", "/work/"));
    }

    @Test
    void theWalkthroughsCreateRequestIsTheOneTheDemoSends() throws IOException {
        String request = Files.readString(Repository.root().resolve("examples/export-request.json"))
                .strip();

        assertThat(Files.readString(Repository.root().resolve("docs/walkthrough.md")))
                .contains("-d '\n" + request + "'");
    }

    private static boolean covers(String name) {
        return testClasses.contains(name) || Files.exists(Repository.root().resolve(name));
    }
}
