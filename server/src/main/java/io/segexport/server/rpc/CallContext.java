package io.segexport.server.rpc;

import io.grpc.Context;
import io.grpc.Metadata;

/** What the interceptors learned about the current call, for the services to read. */
public final class CallContext {
    static final Context.Key<Caller> CALLER = Context.key("segexport-caller");
    static final Context.Key<String> REQUEST_ID = Context.key("segexport-request-id");
    static final Context.Key<Metadata> RESPONSE_HEADERS = Context.key("segexport-response-headers");

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

    public static Context withCaller(Caller caller) {
        return Context.current().withValue(CALLER, caller);
    }
}
