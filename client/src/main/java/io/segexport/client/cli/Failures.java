package io.segexport.client.cli;

import io.segexport.client.SegexportException;
import java.io.PrintWriter;
import javax.net.ssl.SSLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns what a command threw into one line on standard error and its exit code. */
final class Failures implements IExecutionExceptionHandler {
    private final GlobalOptions options;

    Failures(GlobalOptions options) {
        this.options = options;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        ExitCode exit = exitCode(e);
        err.println("segexport: " + message(e, exit));
        if (exit == ExitCode.UNEXPECTED && !(e instanceof CliException)) {
            // A bug: the trace is what a bug report needs.
            e.printStackTrace(err);
        }
        err.flush();
        return exit.code();
    }

    private static ExitCode exitCode(Exception e) {
        if (e instanceof CliException failure) {
            return failure.exitCode();
        }
        if (e instanceof SegexportException failure) {
            return ExitCode.forStatus(failure.code());
        }
        return ExitCode.UNEXPECTED;
    }

    /** Whether a TLS handshake failed: the server's certificate is not one the client trusts for this target. */
    private static boolean tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** The exception's own words, with the setting to check when the cause is likely one. */
    private String message(Exception e, ExitCode exit) {
        return switch (exit) {
            case UNEXPECTED -> e instanceof CliException ? e.getMessage() : "unexpected error: " + e;
            case UNREACHABLE ->
                "cannot reach the server at " + options.target + " (--target): " + e.getMessage()
                        + (tlsFailure(e) ? " (check --ca-file)" : "");
            case AUTH -> e.getMessage() + " (check --token, --api-key, --org and --sandbox)";
            default -> e.getMessage();
        };
    }
}
