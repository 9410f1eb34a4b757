package io.segexport.server.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file, each with the one-line HTML comments written just above
 * it (the checks of tested documentation, invisible when rendered), and the file's {@code run-by}
 * comment on its first line.
 */
public final class MarkdownFile {
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w+-]*)\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "shell");

    /**
     * One fenced block.
     *
     * @param line            its opening fence's line, from 1
     * @param comments        the HTML comments on the lines just above the fence, without {@code <!--} and {@code -->}
     * @param followsDirectly whether only blank lines separate it from the block before
     */
    public record Block(int line, String language, String text, List<String> comments, boolean followsDirectly) {
        public boolean isShell() {
            return SHELLS.contains(language);
        }

        /** The value of the comment {@code <!-- name: value -->} above the block, if there is one. */
        public Optional<String> comment(String name) {
            return comments.stream()
                    .filter(c -> c.startsWith(name + ":"))
                    .map(c -> c.substring(name.length() + 1).trim())
                    .findFirst();
        }
    }

    private final Path path;
    private final List<Block> blocks;
    private final Optional<String> runBy;

    private MarkdownFile(Path path, List<Block> blocks, Optional<String> runBy) {
        this.path = path;
        this.blocks = blocks;
        this.runBy = runBy;
    }

    public static MarkdownFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        boolean onlyBlanksSinceBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            Matcher comment = COMMENT.matcher(line.trim());
            if (fence.matches()) {
                int close = closingFence(lines, i, path);
                blocks.add(new Block(
                        i + 1,
                        fence.group(1),
                        String.join("\n", lines.subList(i + 1, close)) + "\n",
                        List.copyOf(comments),
                        onlyBlanksSinceBlock && comments.isEmpty()));
                comments.clear();
                onlyBlanksSinceBlock = true;
                i = close;
            } else if (comment.matches()) {
                comments.add(comment.group(1));
                onlyBlanksSinceBlock = false;
            } else {
                comments.clear();
                onlyBlanksSinceBlock &= line.isBlank();
            }
        }
        Optional<String> runBy = lines.isEmpty()
                ? Optional.empty()
                : Optional.of(lines.get(0).trim())
                        .map(COMMENT::matcher)
                        .filter(Matcher::matches)
                        .map(m -> m.group(1))
                        .filter(c -> c.startsWith("run-by:"))
                        .map(c -> c.substring("run-by:".length()).trim());
        return new MarkdownFile(path, List.copyOf(blocks), runBy);
    }

    private static int closingFence(List<String> lines, int open, Path path) {
        for (int i = open + 1; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("```")) {
                return i;
            }
        }
        throw new IllegalArgumentException(path + ":" + (open + 1) + ": a code block that is never closed");
    }

    public Path path() {
        return path;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** The test that runs this file's shell blocks, named by {@code <!-- run-by: TestName -->} on its first line. */
    public Optional<String> runBy() {
        return runBy;
    }

    /** The shell blocks to run: every one not marked {@code covered-by} another test. */
    public List<Block> runnableShellBlocks() {
        return blocks.stream()
                .filter(Block::isShell)
                .filter(b -> b.comment("covered-by").isEmpty())
                .toList();
    }

    /** The sample output shown right after this block: a {@code json} or {@code text} block with only blank lines between. */
    public Optional<Block> sampleAfter(Block block) {
        int next = blocks.indexOf(block) + 1;
        return next < blocks.size()
                        && blocks.get(next).followsDirectly()
                        && Set.of("json", "text").contains(blocks.get(next).language())
                ? Optional.of(blocks.get(next))
                : Optional.empty();
    }

    /** Where a block is, for messages: {@code docs/walkthrough.md:42}. */
    public String where(Block block) {
        return path.getFileName() + ":" + block.line();
    }
}
