package io.segexport.client.cli;

import io.grpc.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/** The command line's exit codes: one per kind of outcome a script may want to tell apart. */
enum ExitCode {
    SUCCESS(0, "success"),
    UNEXPECTED(1, "an unexpected error"),
    USAGE(
            2,
            "bad usage: unknown command or option, an unreadable or invalid file, or a request the server refused as invalid"),
    AUTH(3, "authentication or permission failure (check --token, --api-key, --org, --sandbox)"),
    NOT_FOUND(4, "not found"),
    JOB_NOT_SUCCEEDED(5, "the export job failed or was cancelled"),
    UNREACHABLE(6, "the server is unreachable (still unavailable after retries)"),
    TIMEOUT(7, "timed out: waiting longer than --timeout, or the server did not answer in time"),
    RECORDS_REJECTED(8, "an import finished, but some records were rejected");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    /** The exit code of a call that ended with this gRPC status. */
    static ExitCode forStatus(Status.Code status) {
        return switch (status) {
            case OK -> SUCCESS;
            // The REST face answers these with 400: the request cannot be served as given.
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> USAGE;
            case UNAUTHENTICATED, PERMISSION_DENIED -> AUTH;
            case NOT_FOUND -> NOT_FOUND;
            case UNAVAILABLE -> UNREACHABLE;
            case DEADLINE_EXCEEDED -> TIMEOUT;
            default -> UNEXPECTED;
        };
    }

    /** Code → meaning, in order, for the usage help (picocli's exit code list). */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(String.valueOf(exit.code), exit.meaning);
        }
        return list;
    }
}
