package io.segexport.server.rpc;

import io.grpc.Context;
import io.grpc.Metadata;

/** What the interceptors learned about the current call, for the services to read. */
public final class CallContext {
    static final Context.Key<Caller> CALLER = Context.key("segexport-caller");
    static final Context.Key<String> REQUEST_ID = Context.key("segexport-request-id");
    static final Context.Key<Metadata> RESPONSE_HEADERS = Context.key("segexport-response-headers");
    static final Context.Key<Metadata> CREDENTIALS = Context.key("segexport-credentials");

    private CallContext() {}

    /** The authenticated caller; set on every call of the API services. */
    public static Caller caller() {
        return CALLER.get();
    }

    public static String requestId() {
        return REQUEST_ID.get();
    }

    /** Adds a header to the call's response (e.g. X-Location), sent with the first message. */
    public static void addResponseHeader(String name, String value) {
        RESPONSE_HEADERS.get().put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
    }

    /**
     * The headers the caller was admitted with (its token, API key, org and sandbox), for a call
     * made on its behalf to another node of a cluster, which admits it again.
     */
    public static Metadata credentials() {
        return CREDENTIALS.get();
    }

    public static Context withCaller(Caller caller, Metadata credentials) {
        return Context.current().withValue(CALLER, caller).withValue(CREDENTIALS, credentials);
    }
}
