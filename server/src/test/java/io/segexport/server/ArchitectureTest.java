package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph that the imports of every module's main sources draw (read from the source tree,
 * so that no module is left out whatever the classpath): modules depend one way, the JSON codec on
 * the contract alone, and no package depends on itself through others. A broken rule names the
 * imports at fault. Only imports count: a class named in full in the code is not seen, so import it.
 * No new dependency (ArchUnit) for so little: the imports say it all.
 */
class ArchitectureTest {
    /** Each module, the packages it owns (by prefix) and the modules it may import: its dependencies and theirs. */
    private static final List<Module> MODULES = List.of(
            new Module("proto", List.of("io.segexport.v1", "io.segexport.json"), Set.of()),
            new Module("gateway", List.of("io.segexport.gateway"), Set.of("proto")),
            new Module("server", List.of("io.segexport.server"), Set.of("gateway", "proto")),
            new Module("client", List.of("io.segexport.client"), Set.of("proto")),
            new Module("bench", List.of("io.segexport.bench"), Set.of("server", "gateway", "proto")));
    /** Packages narrower than their module: all they may import of ours. */
    private static final Map<String, Set<String>> NARROW = Map.of(
            "io.segexport.v1", Set.of(),
            "io.segexport.json", Set.of("io.segexport.v1"));

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?(io\\.segexport\\.[\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);

    /** Package → the packages of ours it imports → the first file and import that does. */
    private static final Map<String, Map<String, String>> graph = new TreeMap<>();

    @BeforeAll
    static void readSources() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("proto/src/main/java"))) {
            root = root.getParent();
        }
        for (Module module : MODULES) {
            for (Path source : sources(root.resolve(module.name() + "/src/main/java"))) {
                String text = read(source);
                Matcher name = PACKAGE.matcher(text);
                assertThat(name.find()).as("%s has a package", source).isTrue();
                String from = name.group(1);
                assertThat(moduleOf(from)).as("the module of %s", source).isEqualTo(module);
                Map<String, String> imports = graph.computeIfAbsent(from, p -> new TreeMap<>());
                for (Matcher imported = IMPORT.matcher(text); imported.find(); ) {
                    String to = packageOf(imported.group(1));
                    if (!to.equals(from)) {
                        imports.putIfAbsent(to, root.relativize(source) + ": import " + imported.group(1));
                    }
                }
            }
        }
    }

    @Test
    void modulesDependOneWay() {
        List<String> against = new ArrayList<>();
        graph.forEach((from, imports) -> imports.forEach((to, where) -> {
            Module source = moduleOf(from);
            Module target = moduleOf(to);
            if (target != source && !source.mayImport().contains(target.name())) {
                against.add(source.name() + " -> " + target.name() + " (" + where + ")");
            }
        }));
        assertThat(against).as("imports against the module directions").isEmpty();
    }

    @Test
    void theContractAndItsJsonCodecImportNothingElseOfOurs() {
        List<String> against = new ArrayList<>();
        NARROW.forEach((from, allowed) -> graph.getOrDefault(from, Map.of()).forEach((to, where) -> {
            if (!allowed.contains(to)) {
                against.add(from + " -> " + to + " (" + where + ")");
            }
        }));
        assertThat(against).as("imports of the contract's packages").isEmpty();
    }

    @Test
    void noPackageDependsOnItself() {
        List<String> cycles = new ArrayList<>();
        Map<String, Boolean> done = new TreeMap<>();
        for (String start : graph.keySet()) {
            findCycle(start, new ArrayList<>(), done, cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    /** Depth first; {@code done} maps a package to false while it is on the path, true once left. */
    private static void findCycle(String at, List<String> path, Map<String, Boolean> done, List<String> cycles) {
        Boolean seen = done.get(at);
        if (Boolean.TRUE.equals(seen)) {
            return;
        }
        if (Boolean.FALSE.equals(seen)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
            cycle.add(at);
            StringBuilder shown = new StringBuilder(String.join(" -> ", cycle));
            for (int i = 0; i + 1 < cycle.size(); i++) {
                shown.append("\n    ").append(graph.get(cycle.get(i)).get(cycle.get(i + 1)));
            }
            cycles.add(shown.toString());
            return;
        }
        done.put(at, false);
        path.add(at);
        for (String next : graph.getOrDefault(at, Map.of()).keySet()) {
            findCycle(next, path, done, cycles);
        }
        path.remove(path.size() - 1);
        done.put(at, true);
    }

    /** The package of an imported class or static member: the names before the first capitalized one. */
    private static String packageOf(String imported) {
        String[] names = imported.split("\\.");
        int end = 0;
        while (end < names.length && !Character.isUpperCase(names[end].charAt(0))) {
            end++;
        }
        return String.join(".", List.of(names).subList(0, end));
    }

    private static Module moduleOf(String pkg) {
        return MODULES.stream()
                .filter(module ->
                        module.packages().stream().anyMatch(owned -> pkg.equals(owned) || pkg.startsWith(owned + ".")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no module owns the package " + pkg));
    }

    private static List<Path> sources(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Module(String name, List<String> packages, Set<String> mayImport) {}
}
