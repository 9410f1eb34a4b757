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

    private ErrorDomains() {}
}
