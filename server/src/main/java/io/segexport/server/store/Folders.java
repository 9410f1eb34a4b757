package io.segexport.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Folders of the data folder: removed whole, copied whole, and synced so that a rename in them is
 * durable.
 */
public final class Folders {
    private Folders() {}

    /** How {@link #copyTree} puts each file in place. */
    public enum Copying {
        /** A hard link where the file system has them, else a copy: for files that are never written again. */
        LINK,
        /** Always a copy of its own, synced. */
        COPY
    }

    /** Removes the folder and everything in it, or the file (links themselves, never what they point to); nothing when it is gone. */
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

    /** A hard link where the file system has them; a synced copy elsewhere. */
    public static void link(Path file, Path link) throws IOException {
        try {
            Files.createLink(link, file);
        } catch (UnsupportedOperationException | FileSystemException e) {
            copy(file, link);
        }
    }

    /** A copy of {@code file}, on disk before this returns. */
    public static void copy(Path file, Path copy) throws IOException {
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Puts the files under {@code from} at the same places under {@code to}, which may exist, and
     * syncs every folder it makes; nothing when {@code from} is missing. Returns the bytes of the
     * files.
     */
    public static long copyTree(Path from, Path to, Copying copying) throws IOException {
        if (!Files.isDirectory(from)) {
            return 0;
        }
        long[] bytes = {0};
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    Path target = to.resolve(from.relativize(file));
                    if (copying == Copying.LINK) {
                        link(file, target);
                    } else {
                        copy(file, target);
                    }
                    bytes[0] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                sync(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }

    public static void sync(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
