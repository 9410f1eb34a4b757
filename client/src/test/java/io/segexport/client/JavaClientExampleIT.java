package io.segexport.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.segexport.client.docs.ClientJava;
import io.segexport.server.DemoServer;
import io.segexport.server.docs.MarkdownFile;
import io.segexport.server.docs.Repository;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/java-client.md, read from the page, compiled as it stands (imports included)
 * against the client, and run in a folder of its own against a fresh demo server, the server's port
 * put where the page writes localhost:50051. It prints what the page shows and downloads every row.
 */
class JavaClientExampleIT {
    private static final Pattern CLASS = Pattern.compile("public class (\\w+)");
    private static final Pattern EXPORTED = Pattern.compile("(?m)^exported (\\d+) profiles");

    @TempDir
    Path temp;

    @Test
    void thePagesExampleExportsTheDemoDatasetAndDownloadsItsBatch() throws Exception {
        List<MarkdownFile> pages = Repository.runBy(getClass().getSimpleName());
        assertThat(pages)
                .extracting(page -> page.path().getFileName().toString())
                .containsExactly("java-client.md");
        MarkdownFile page = pages.get(0);
        MarkdownFile.Block example = page.blocks().stream()
                .filter(b -> b.language().equals("java"))
                .findFirst()
                .orElseThrow();
        MarkdownFile.Block shown = page.blocks().stream()
                .filter(b -> b.line() > example.line() && b.language().equals("text"))
                .findFirst()
                .orElseThrow();

        try (DemoServer server = DemoServer.start(temp.resolve("data"))) {
            Matcher name = CLASS.matcher(example.text());
            assertThat(name.find()).as("the example declares a public class").isTrue();
            Path classes = compile(name.group(1), server.ports().rewrite(example.text()));
            Path folder = Files.createDirectories(temp.resolve("run"));
            List<String> command = new ArrayList<>(ClientJava.command(classes.toString()));
            command.add(name.group(1));
            Process run = new ProcessBuilder(command)
                    .directory(folder.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output.stripTrailing()).endsWith(shown.text().stripTrailing());
            Matcher exported = EXPORTED.matcher(output);
            assertThat(exported.find()).as(output).isTrue();
            try (var files = Files.walk(folder.resolve("exported"))) {
                long rows = files.filter(Files::isRegularFile)
                        .mapToLong(JavaClientExampleIT::rows)
                        .sum();
                assertThat(rows).isEqualTo(Long.parseLong(exported.group(1)));
            }
        }
    }

    /** Compiles the one class {@code source} against the test classpath; returns the folder of its class files. */
    private Path compile(String className, String source) throws Exception {
        Path sources = Files.createDirectories(temp.resolve("src"));
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Path file = Files.writeString(sources.resolve(className + ".java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(
                null,
                null,
                errors,
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                file.toString());
        assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        return classes;
    }

    private static long rows(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
