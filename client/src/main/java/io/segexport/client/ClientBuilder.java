package io.segexport.client;

import com.google.common.net.HostAndPort;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link SegexportClient}; from {@link SegexportClient#builder()}. The target, token,
 * API key, org and sandbox are required; {@link #build()} names any that is missing.
 *
 * <pre>{@code
 * try (SegexportClient client = SegexportClient.builder()
 *         .target("localhost:50051")
 *         .token("demo-token").apiKey("segexport-demo")
 *         .org("1BD6382559DF0C130A49422D@AdobeOrg").sandbox("prod")
 *         .build()) {
 *     ExportJob job = client.getJob(100);
 * }
 * }</pre>
 */
public final class ClientBuilder {
    private static final String TLS_SCHEME = "tls://";

    private String target;
    private boolean tls;
    private Path trustedCertificates;
    private String token;
    private String apiKey;
    private String org;
    private String sandbox;
    private Duration deadline = Duration.ofSeconds(30);
    private RetryPolicy retry = RetryPolicy.DEFAULT;

    ClientBuilder() {}

    /**
     * The server: {@code host:port} for plaintext, {@code tls://host:port} for TLS. IPv6 hosts go in
     * brackets, e.g. {@code [::1]:50051}.
     */
    public ClientBuilder target(String target) {
        this.target = target;
        return this;
    }

    /** Whether to use TLS whatever the target's form; false by default. */
    public ClientBuilder tls(boolean tls) {
        this.tls = tls;
        return this;
    }

    /**
     * Trusts the certificate authorities of this PEM file, instead of the system's, to verify the
     * server; implies TLS.
     */
    public ClientBuilder trustedCertificates(Path caPemFile) {
        this.trustedCertificates = caPemFile;
        return this;
    }

    /** The access token, sent as {@code authorization: Bearer <token>}. */
    public ClientBuilder token(String token) {
        this.token = token;
        return this;
    }

    /** The API key, sent as {@code x-api-key}. */
    public ClientBuilder apiKey(String apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    /** The IMS org id, sent as {@code x-gw-ims-org-id}; with the sandbox, it scopes all data. */
    public ClientBuilder org(String org) {
        this.org = org;
        return this;
    }

    /** The sandbox name, sent as {@code x-sandbox-name}, e.g. {@code prod}. */
    public ClientBuilder sandbox(String sandbox) {
        this.sandbox = sandbox;
        return this;
    }

    /**
     * How long each attempt of a unary call may take; 30 seconds by default. Streams (watching a
     * job, reading a file, importing) have no deadline: they last as long as their work.
     */
    public ClientBuilder deadline(Duration deadline) {
        this.deadline = deadline;
        return this;
    }

    /** How idempotent calls are retried when the server is unavailable; {@link RetryPolicy#DEFAULT} by default. */
    public ClientBuilder retry(RetryPolicy retry) {
        this.retry = retry;
        return this;
    }

    /**
     * Checks the settings and opens the channel. The channel connects lazily, on the first call: a
     * server that is not up yet is no error here.
     *
     * @throws IllegalStateException    naming every required setting that is missing or blank
     * @throws IllegalArgumentException when the target or deadline is malformed, or the trusted
     *                                  certificates file holds no PEM certificate
     * @throws UncheckedIOException     when the trusted certificates cannot be read
     */
    public SegexportClient build() {
        List<String> missing = new ArrayList<>();
        check(missing, "target", target);
        check(missing, "token", token);
        check(missing, "apiKey", apiKey);
        check(missing, "org", org);
        check(missing, "sandbox", sandbox);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("SegexportClient is missing these settings: " + String.join(", ", missing));
        }
        Objects.requireNonNull(retry, "retry");
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, not " + deadline);
        }
        boolean useTls = tls || trustedCertificates != null || target.startsWith(TLS_SCHEME);
        HostAndPort address = address(target.startsWith(TLS_SCHEME) ? target.substring(TLS_SCHEME.length()) : target);
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        address.getHost(),
                        address.getPort(),
                        useTls ? tlsCredentials() : InsecureChannelCredentials.create())
                .userAgent("segexport-client")
                .build();
        return new SegexportClient(channel, new TenantCredentials(token, apiKey, org, sandbox), deadline, retry);
    }

    private static void check(List<String> missing, String name, String value) {
        if (value == null || value.isBlank()) {
            missing.add(name);
        }
    }

    private HostAndPort address(String hostAndPort) {
        try {
            HostAndPort address = HostAndPort.fromString(hostAndPort);
            if (address.hasPort() && !address.getHost().isEmpty()) {
                return address;
            }
        } catch (IllegalArgumentException e) {
            // Reported below, in the same words as a target without a port.
        }
        throw new IllegalArgumentException("target must be host:port or tls://host:port, not \"" + target + "\"");
    }

    private ChannelCredentials tlsCredentials() {
        if (trustedCertificates == null) {
            return TlsChannelCredentials.create();
        }
        byte[] pem;
        try {
            pem = Files.readAllBytes(trustedCertificates);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trusted certificates " + trustedCertificates, e);
        }
        // gRPC would find out only when opening the channel, in words that name neither the file nor the setting.
        try {
            if (CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))
                    .isEmpty()) {
                throw new CertificateException("it holds no certificate");
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the trusted certificates " + trustedCertificates
                    + " are not PEM certificates (-----BEGIN CERTIFICATE-----): " + e.getMessage());
        }
        try {
            return TlsChannelCredentials.newBuilder()
                    .trustManager(new ByteArrayInputStream(pem))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trusted certificates " + trustedCertificates, e);
        }
    }
}
