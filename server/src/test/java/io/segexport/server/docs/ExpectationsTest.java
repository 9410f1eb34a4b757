package io.segexport.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checking convention of tested documentation (docs/testing.md) catches what it is meant to. */
class ExpectationsTest {
    private static final String PAGE = """
            <!-- run-by: WalkthroughTest -->
            <!-- expect: status=200,204 /job/id /job/status=SUCCEEDED -->
            ```sh
            curl ...
            ```

            ```json
            {"job": {"id": 7, "status": "SUCCEEDED"}}
            ```

            <!-- expect: lines=status out~"job 7" -->
            ```sh
            segexport jobs get 7
            ```
            ```text
            id      7
            status  SUCCEEDED
            took    1.2 s
            ```
            """;

    @TempDir
    Path temp;

    @Test
    void blocksCarryTheirCommentsAndSamples() throws Exception {
        MarkdownFile page = page();

        assertThat(page.runBy()).contains("WalkthroughTest");
        assertThat(page.runnableShellBlocks()).hasSize(2);
        assertThat(page.sampleAfter(page.runnableShellBlocks().get(0)).map(MarkdownFile.Block::language))
                .contains("json");
        assertThat(page.sampleAfter(page.runnableShellBlocks().get(1)).map(MarkdownFile.Block::language))
                .contains("text");
    }

    @Test
    void anAnswerLikeTheSamplePassesAndOneUnlikeItFailsNamingTheField() throws Exception {
        MarkdownFile page = page();
        MarkdownFile.Block block = page.runnableShellBlocks().get(0);
        Expectations expectations = Expectations.parse(block.comment("expect").orElseThrow());
        List<BlockRun.Answer> answers = List.of(new BlockRun.Answer(200, "{}"), new BlockRun.Answer(204, ""));

        assertThat(expectations.readSample()).isTrue();
        assertThat(expectations.failures(
                        new BlockRun(true, "{\"job\": {\"id\": 7, \"status\": \"SUCCEEDED\"}}", "", answers),
                        page.sampleAfter(block)))
                .isEmpty();
        assertThat(expectations.failures(
                        new BlockRun(true, "{\"job\": {\"id\": 8, \"status\": \"FAILED\"}}", "", answers.subList(0, 1)),
                        page.sampleAfter(block)))
                .containsExactly(
                        "HTTP statuses [200], not 200,204",
                        "/job/id is 8, the sample shows 7",
                        "/job/status is \"FAILED\", not SUCCEEDED");
    }

    @Test
    void theSamplesLinesMustBeInTheOutputAsTheyAre() throws Exception {
        MarkdownFile page = page();
        MarkdownFile.Block block = page.runnableShellBlocks().get(1);
        Expectations expectations = Expectations.parse(block.comment("expect").orElseThrow());

        assertThat(expectations.failures(
                        new BlockRun(true, "id      7\nstatus  SUCCEEDED\ntook    0.9 s\n", "job 7\n", List.of()),
                        page.sampleAfter(block)))
                .isEmpty();
        assertThat(expectations.failures(
                        new BlockRun(true, "id      7\nstatus  FAILED\n", "", List.of()), page.sampleAfter(block)))
                .containsExactly(
                        "the output lacks the sample's lines [status  SUCCEEDED]",
                        "the output does not hold \"job 7\"");
    }

    private MarkdownFile page() throws Exception {
        return MarkdownFile.read(Files.writeString(temp.resolve("page.md"), PAGE));
    }
}
