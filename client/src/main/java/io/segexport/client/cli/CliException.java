package io.segexport.client.cli;

/** A failure the command line explains in one sentence and ends with its own exit code. */
final class CliException extends RuntimeException {
    private final ExitCode exitCode;

    CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    ExitCode exitCode() {
        return exitCode;
    }
}
