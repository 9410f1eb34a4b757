package io.segexport.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** What the jars of a lib/ folder hold. */
final class Jars {
    /**
     * Netty ships the same classes in its plain and in each of its platforms' native jars, and
     * gRPC's shaded Netty carries them too: one library's packaging, not a library twice.
     */
    private static final String NETTY_NATIVE_CLASSES = "io/netty/channel/unix/";

    private Jars() {}

    /** The file names of the jars, sorted. */
    static List<String> names(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }

    /** Each class found in more than one jar, with those jars; empty when every library is there once. */
    static Map<String, List<String>> classesInMoreThanOne(Path lib) throws IOException {
        Map<String, List<String>> jarsOfClass = new TreeMap<>();
        for (String jar : names(lib)) {
            try (ZipFile zip = new ZipFile(lib.resolve(jar).toFile())) {
                zip.stream()
                        .map(ZipEntry::getName)
                        .filter(Jars::isPlainClass)
                        .forEach(name -> jarsOfClass
                                .computeIfAbsent(name, k -> new ArrayList<>())
                                .add(jar));
            }
        }
        jarsOfClass.values().removeIf(jars -> jars.size() == 1);
        return jarsOfClass;
    }

    /** A class of the jar's own, not a module descriptor nor one of a multi-release jar's versions. */
    private static boolean isPlainClass(String entry) {
        return entry.endsWith(".class")
                && !entry.startsWith("META-INF/")
                && !entry.endsWith("module-info.class")
                && !entry.startsWith(NETTY_NATIVE_CLASSES);
    }
}
