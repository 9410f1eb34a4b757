package io.segexport.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether standard error is a terminal, which decides between a redrawn bar and plain lines. */
final class Terminal {
    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    private Terminal() {}

    static boolean stderrIsTerminal(Map<String, String> environment) {
        if ("dumb".equals(environment.get("TERM"))) {
            return false;
        }
        // Java 17 cannot ask about one stream; on Linux, /proc says where file descriptor 2 points.
        if (Files.isSymbolicLink(STDERR_LINK)) {
            try {
                String target = Files.readSymbolicLink(STDERR_LINK).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | SecurityException e) {
                return false;
            }
        }
        // Elsewhere: a console exists when standard input and output are terminals, usually stderr too.
        return System.console() != null;
    }
}
