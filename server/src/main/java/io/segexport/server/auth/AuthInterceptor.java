package io.segexport.server.auth;

import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.segexport.server.rpc.CallContext;
import io.segexport.server.rpc.Caller;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.store.Tenant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Admits a call only with the documented headers: {@code Authorization: Bearer …} verified by the
 * {@link Authenticator}, {@code x-api-key}, {@code x-gw-ims-org-id} and {@code x-sandbox-name}. The
 * caller's tenant goes into the call's context; every failure names the header at fault.
 */
public final class AuthInterceptor implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION = key("authorization");
    private static final Metadata.Key<String> API_KEY = key("x-api-key");
    private static final Metadata.Key<String> ORG_ID = key("x-gw-ims-org-id");
    private static final Metadata.Key<String> SANDBOX_NAME = key("x-sandbox-name");
    private static final Pattern ORG_FORMAT = Pattern.compile("[A-Za-z0-9@._-]{1,128}");
    private static final Pattern SANDBOX_FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int MAX_CREDENTIAL_LENGTH = 8192;

    private final Authenticator authenticator;

    public AuthInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Caller caller;
        try {
            caller = authenticate(headers);
        } catch (StatusRuntimeException e) {
            call.close(e.getStatus(), e.getTrailers() != null ? e.getTrailers() : new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(CallContext.withCaller(caller, credentials(headers)), call, headers, next);
    }

    private static Metadata credentials(Metadata headers) {
        Metadata credentials = new Metadata();
        for (Metadata.Key<String> key : List.of(AUTHORIZATION, API_KEY, ORG_ID, SANDBOX_NAME)) {
            String value = headers.get(key);
            if (value != null) {
                credentials.put(key, value);
            }
        }
        return credentials;
    }

    private Caller authenticate(Metadata headers) {
        // Two values of one of these would leave it to chance (or to a proxy) which one counts.
        once(headers, AUTHORIZATION, Status.Code.UNAUTHENTICATED, GatewayErrorCodes.TOKEN_INVALID);
        once(headers, API_KEY, Status.Code.PERMISSION_DENIED, GatewayErrorCodes.API_KEY_MISSING);
        once(headers, ORG_ID, Status.Code.INVALID_ARGUMENT, GatewayErrorCodes.ORG_INVALID);
        once(headers, SANDBOX_NAME, Status.Code.INVALID_ARGUMENT, GatewayErrorCodes.SANDBOX_INVALID);
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw ServiceErrors.gateway(
                    Status.Code.PERMISSION_DENIED,
                    GatewayErrorCodes.TOKEN_MISSING,
                    "Oauth token is missing: send an Authorization: Bearer {ACCESS_TOKEN} header");
        }
        String token = bearerToken(authorization);
        String apiKey = headers.get(API_KEY);
        if (apiKey == null || apiKey.isBlank() || apiKey.length() > MAX_CREDENTIAL_LENGTH) {
            throw ServiceErrors.gateway(
                    Status.Code.PERMISSION_DENIED,
                    GatewayErrorCodes.API_KEY_MISSING,
                    "Api Key is required: send an x-api-key header");
        }
        String orgId = required(headers, ORG_ID, ORG_FORMAT, GatewayErrorCodes.ORG_INVALID);
        String sandbox = required(headers, SANDBOX_NAME, SANDBOX_FORMAT, GatewayErrorCodes.SANDBOX_INVALID);
        authenticator.authenticate(token, apiKey, orgId);
        return new Caller(new Tenant(orgId, sandbox), apiKey);
    }

    private static String bearerToken(String authorization) {
        int space = authorization.indexOf(' ');
        String token = space < 0 ? "" : authorization.substring(space + 1).trim();
        if (space < 0
                || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")
                || token.isEmpty()
                || token.length() > MAX_CREDENTIAL_LENGTH) {
            throw ServiceErrors.gateway(
                    Status.Code.UNAUTHENTICATED,
                    GatewayErrorCodes.TOKEN_INVALID,
                    "Oauth token is not valid: the Authorization header must be \"Bearer {ACCESS_TOKEN}\"");
        }
        return token;
    }

    private static void once(Metadata headers, Metadata.Key<String> key, Status.Code code, String errorCode) {
        Iterable<String> values = headers.getAll(key);
        int count = 0;
        for (String ignored : values == null ? java.util.List.<String>of() : values) {
            count++;
        }
        if (count > 1) {
            throw ServiceErrors.gateway(code, errorCode, key.name() + " header must be given once");
        }
    }

    private static String required(Metadata headers, Metadata.Key<String> key, Pattern format, String errorCode) {
        String value = headers.get(key);
        if (value == null || value.isEmpty()) {
            throw ServiceErrors.gateway(Status.Code.INVALID_ARGUMENT, errorCode, key.name() + " header is required");
        }
        if (value.contains("..")) {
            throw ServiceErrors.gateway(
                    Status.Code.INVALID_ARGUMENT, errorCode, key.name() + " header must not contain \"..\"");
        }
        if (!format.matcher(value).matches()) {
            throw ServiceErrors.gateway(
                    Status.Code.INVALID_ARGUMENT,
                    errorCode,
                    key.name() + " header must be 1 to 128 characters of "
                            + format.pattern().replace("{1,128}", ""));
        }
        return value;
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
