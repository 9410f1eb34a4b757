package io.segexport.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A small tmpfs of the test's, to fill: a disk that runs out for real. Mounting it needs root, as CI runs. */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code mebibytes} on the (empty) folder; the test is skipped where mounting is refused. */
    static Tmpfs mount(Path mountPoint, int mebibytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String refusal = run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", mountPoint.toString());
        assumeTrue(refusal.isEmpty(), () -> "a tmpfs could not be mounted (this test needs root): " + refusal);
        return new Tmpfs(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    /** Writes {@code file} until the file system has no byte left. */
    void fill(Path file) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                chunk.clear();
                channel.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String refusal = run("umount", mountPoint.toString());
        if (!refusal.isEmpty()) {
            // A file still open by a thread that is ending: detach now, freed once it closes.
            run("umount", "-l", mountPoint.toString());
        }
    }

    /** Runs the command; empty when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end";
        }
        return process.exitValue() == 0 ? "" : output.isBlank() ? "exit " + process.exitValue() : output.strip();
    }
}
