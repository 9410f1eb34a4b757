package io.segexport.client.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Files named on the command line: one that cannot be read is a usage error naming it. */
final class InputFiles {
    private InputFiles() {}

    static CliException unreadable(Path file, IOException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof FileSystemException failure && failure.getReason() != null) {
            why = failure.getReason();
        } else {
            why = e.getMessage();
        }
        return new CliException(ExitCode.USAGE, "cannot read " + file + ": " + why);
    }
}
