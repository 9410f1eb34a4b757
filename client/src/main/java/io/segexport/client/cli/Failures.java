package io.segexport.client.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns what a command threw into one line on standard error and its exit code. */
final class Failures implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        ExitCode exit = e instanceof CliException failure ? failure.exitCode() : ExitCode.UNEXPECTED;
        err.println("segexport: " + (exit == ExitCode.UNEXPECTED ? "unexpected error: " + e : e.getMessage()));
        if (exit == ExitCode.UNEXPECTED) {
            // A bug or an environment problem: the trace is what a bug report needs.
            e.printStackTrace(err);
        }
        err.flush();
        return exit.code();
    }
}
