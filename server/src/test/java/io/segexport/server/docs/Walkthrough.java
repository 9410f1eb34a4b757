package io.segexport.server.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs a Markdown file's shell blocks and holds each to the checks written above it. */
public final class Walkthrough {
    private Walkthrough() {}

    /**
     * Runs every runnable shell block of {@code file} with {@code shell}, and fails, naming each
     * block at fault with its output, unless each ran to its end and did what its checks say. A
     * sample shown after a block must be read by one of its checks, so that no sample goes unchecked.
     */
    public static void assertRunsAsWritten(MarkdownFile file, ShellWalkthrough shell) throws Exception {
        List<MarkdownFile.Block> blocks = file.runnableShellBlocks();
        if (blocks.isEmpty()) {
            throw new AssertionError(file.path() + " has no shell block to run");
        }
        List<BlockRun> runs = shell.run(file);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            MarkdownFile.Block block = blocks.get(i);
            BlockRun run = runs.get(i);
            if (!run.finished()) {
                failures.add(report(
                        file,
                        block,
                        run,
                        List.of("it did not run to its end (a command failed, or the run timed out)")));
                break;
            }
            Optional<MarkdownFile.Block> sample = file.sampleAfter(block);
            Expectations expectations =
                    Expectations.parse(block.comment("expect").orElse(""));
            List<String> problems = new ArrayList<>(expectations.failures(run, sample));
            if (sample.isPresent() && !expectations.readSample()) {
                problems.add(
                        "the sample after it is read by none of its checks (expect: a JSON Pointer, lines= or sample)");
            }
            if (!problems.isEmpty()) {
                failures.add(report(file, block, run, problems));
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n\n", failures));
        }
    }

    private static String report(MarkdownFile file, MarkdownFile.Block block, BlockRun run, List<String> problems) {
        return "the block at " + file.where(block) + ":\n" + block.text() + "- " + String.join("\n- ", problems)
                + "\nstandard output:\n" + run.stdout() + "standard error:\n" + run.stderr()
                + "HTTP statuses: "
                + run.answers().stream().map(BlockRun.Answer::status).toList();
    }
}
