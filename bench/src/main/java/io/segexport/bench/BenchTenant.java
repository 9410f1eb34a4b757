package io.segexport.bench;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.segexport.server.store.Tenant;

/** An org and sandbox the bench acts for, with the development token: the headers of every call. */
record BenchTenant(String orgId, String sandbox) {
    static final String TOKEN = "segexport-bench-token";
    private static final String API_KEY = "segexport-bench";

    static BenchTenant named(String sandbox) {
        return new BenchTenant("BENCH00000000000000000001@AdobeOrg", sandbox);
    }

    Tenant inStore() {
        return new Tenant(orgId, sandbox);
    }

    ClientInterceptor grpcHeaders() {
        Metadata headers = new Metadata();
        headers.put(key("authorization"), "Bearer " + TOKEN);
        headers.put(key("x-api-key"), API_KEY);
        headers.put(key("x-gw-ims-org-id"), orgId);
        headers.put(key("x-sandbox-name"), sandbox);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    HttpHeaders restHeaders() {
        return HttpHeaders.builder()
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .add("x-api-key", API_KEY)
                .add("x-gw-ims-org-id", orgId)
                .add("x-sandbox-name", sandbox)
                .build();
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
