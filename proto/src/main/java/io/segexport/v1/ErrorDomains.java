package io.segexport.v1;

/**
 * The {@code google.rpc.ErrorInfo.domain} values that the service puts in its error details, so that
 * every face (REST, gRPC clients) can tell which error shape to show.
 */
public final class ErrorDomains {
    /** Authentication and header errors of the API gateway; the ErrorInfo reason is the gateway's error code. */
    public static final String GATEWAY = "gateway.segexport.io";
    /** Errors of the service itself; the ErrorInfo reason is a stable upper-case code. */
    public static final String SERVICE = "segexport.io";
    /**
     * The ErrorInfo metadata key of a read beyond the end of a file (OUT_OF_RANGE): the file's length
     * in bytes, in decimal, so that the REST face can answer 416 with the length in its Content-Range header.
     */
    public static final String FILE_LENGTH = "fileLength";

    private ErrorDomains() {}
}
