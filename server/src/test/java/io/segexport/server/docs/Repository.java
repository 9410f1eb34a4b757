package io.segexport.server.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository the tests run in, found from a module's folder (the tests' working directory). */
public final class Repository {
    private Repository() {}

    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root (mvnw and docs/) above " + Path.of("").toAbsolutePath());
    }

    /** The README and every page of docs/. */
    public static List<MarkdownFile> documentation() {
        Path root = root();
        List<MarkdownFile> files = new ArrayList<>(List.of(MarkdownFile.read(root.resolve("README.md"))));
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md"))
                    .sorted()
                    .map(MarkdownFile::read)
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The pages whose first line says {@code <!-- run-by: test -->}. */
    public static List<MarkdownFile> runBy(String test) {
        return documentation().stream()
                .filter(f -> f.runBy().filter(test::equals).isPresent())
                .toList();
    }
}
