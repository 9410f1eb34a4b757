package io.segexport.server.batchstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Folders of the data folder: removed whole, and synced so that a rename in them is durable. */
public final class Folders {
    private Folders() {}

    /** Removes the folder and everything in it (links themselves, never what they point to); nothing when it is gone. */
    public static void delete(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + folder.getFileName(), e);
        }
    }

    /**
     * The entry {@code name} of {@code parent}, absolute; {@code name} must be checked already (a
     * resource id, a file name), and anything that would lead elsewhere is refused anyway.
     */
    public static Path child(Path parent, String name) {
        Path folder = parent.toAbsolutePath().normalize();
        Path child = folder.resolve(name).normalize();
        if (!folder.equals(child.getParent())) {
            throw new IllegalArgumentException("not a checked name: " + name);
        }
        return child;
    }

    public static void sync(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
