package io.segexport.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The caller's identity, sent as metadata on every call: {@code authorization: Bearer <token>},
 * {@code x-api-key}, {@code x-gw-ims-org-id} and {@code x-sandbox-name}. The org and sandbox scope
 * everything the caller sees. Usable on the generated stubs too, with {@code withCallCredentials}.
 */
public final class TenantCredentials extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION = key("authorization");
    private static final Metadata.Key<String> API_KEY = key("x-api-key");
    private static final Metadata.Key<String> ORG = key("x-gw-ims-org-id");
    private static final Metadata.Key<String> SANDBOX = key("x-sandbox-name");

    private final Metadata headers = new Metadata();

    /**
     * Credentials of one caller.
     *
     * @param token   the access token, without the {@code Bearer } prefix
     * @param apiKey  the API key
     * @param org     the IMS org id, e.g. {@code 1BD6382559DF0C130A49422D@AdobeOrg}
     * @param sandbox the sandbox name, e.g. {@code prod}
     */
    public TenantCredentials(String token, String apiKey, String org, String sandbox) {
        headers.put(AUTHORIZATION, "Bearer " + Objects.requireNonNull(token, "token"));
        headers.put(API_KEY, Objects.requireNonNull(apiKey, "apiKey"));
        headers.put(ORG, Objects.requireNonNull(org, "org"));
        headers.put(SANDBOX, Objects.requireNonNull(sandbox, "sandbox"));
    }

    /** Adds the four headers to the call; nothing to fetch, so it happens at once on the caller's thread. */
    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata copy = new Metadata();
        copy.merge(headers);
        applier.apply(copy);
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
