package io.segexport.server.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the shell blocks of one Markdown file as a reader would: in order, in one {@code bash}
 * process (so variables carry over from block to block), in a folder of its own, with the
 * documentation's ports rewritten to a test server's. A {@code curl} function records each HTTP
 * answer (its status and body) for the checks, and changes nothing of what the block sees.
 */
public final class ShellWalkthrough {
    private static final long TIMEOUT_SECONDS = 240;
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\S+ (\\d{3})", Pattern.MULTILINE);
    private static final String PREAMBLE = """
            set -euo pipefail
            curl() {
                local answer="$DOCS_ANSWERS/$DOCS_BLOCK.$(date +%s%N)"
                command curl -sS -D "$answer.headers" "$@" | tee "$answer.body"
            }
            """;

    private final Path workDir;
    private final DocumentedPorts ports;
    private final Map<String, String> environment;

    /**
     * @param workDir     an empty folder: the blocks run in its {@link #folder()}
     * @param environment more environment variables for the blocks (e.g. a PATH with a launcher)
     */
    public ShellWalkthrough(Path workDir, DocumentedPorts ports, Map<String, String> environment) {
        this.workDir = workDir;
        this.ports = ports;
        this.environment = environment;
    }

    /** The folder the blocks run in, for files a page expects to find there. */
    public Path folder() throws IOException {
        return Files.createDirectories(workDir.resolve("run"));
    }

    /** Runs the file's runnable shell blocks; one result per block, in order (those after a failure did not run). */
    public List<BlockRun> run(MarkdownFile file) throws IOException, InterruptedException {
        Path run = folder();
        Path answers = Files.createDirectories(workDir.resolve("answers"));
        Path outputs = Files.createDirectories(workDir.resolve("outputs"));
        List<MarkdownFile.Block> blocks = file.runnableShellBlocks();
        StringBuilder script = new StringBuilder(PREAMBLE);
        for (int i = 0; i < blocks.size(); i++) {
            String n = block(i);
            script.append("DOCS_BLOCK=")
                    .append(n)
                    .append('\n')
                    .append("exec >\"$DOCS_OUTPUTS/")
                    .append(n)
                    .append(".stdout\" 2>\"$DOCS_OUTPUTS/")
                    .append(n)
                    .append(".stderr\"\n")
                    .append(ports.rewrite(blocks.get(i).text()))
                    .append(": > \"$DOCS_OUTPUTS/")
                    .append(n)
                    .append(".done\"\n");
        }
        Path scriptFile = Files.writeString(workDir.resolve("walkthrough.sh"), script);
        ProcessBuilder bash = new ProcessBuilder("bash", scriptFile.toString())
                .directory(run.toFile())
                .redirectOutput(workDir.resolve("bash.out").toFile())
                .redirectErrorStream(true);
        bash.environment().putAll(environment);
        bash.environment().put("DOCS_ANSWERS", answers.toString());
        bash.environment().put("DOCS_OUTPUTS", outputs.toString());
        bash.environment()
                .put("TMPDIR", Files.createDirectories(workDir.resolve("tmp")).toString());
        Process process = bash.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        List<BlockRun> results = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String n = block(i);
            results.add(new BlockRun(
                    Files.exists(outputs.resolve(n + ".done")),
                    read(outputs.resolve(n + ".stdout")),
                    read(outputs.resolve(n + ".stderr")),
                    answers(answers, n)));
        }
        return results;
    }

    private static String block(int index) {
        return String.format("%03d", index + 1);
    }

    private static List<BlockRun.Answer> answers(Path dir, String block) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> headers = files.filter(f -> f.getFileName().toString().startsWith(block + "."))
                    .filter(f -> f.getFileName().toString().endsWith(".headers"))
                    .sorted()
                    .toList();
            List<BlockRun.Answer> answers = new ArrayList<>();
            for (Path header : headers) {
                String name = header.getFileName().toString();
                Path body = header.resolveSibling(name.substring(0, name.length() - ".headers".length()) + ".body");
                answers.add(new BlockRun.Answer(lastStatus(read(header)), read(body)));
            }
            return answers;
        }
    }

    /** The final status of an answer's headers (after any {@code 100 Continue}); 0 when there was no answer. */
    private static int lastStatus(String headers) {
        Matcher status = STATUS_LINE.matcher(headers);
        int last = 0;
        while (status.find()) {
            last = Integer.parseInt(status.group(1));
        }
        return last;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
