package io.segexport.gateway;

import com.google.common.net.HostAndPort;
import com.linecorp.armeria.server.Server;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segexport.gateway.management.ManagementServices;
import io.segexport.gateway.management.ProcessMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the REST gateway alone, in front of a remote segexport gRPC server. */
@Command(
        name = "segexport-gateway",
        description = "Serves the export jobs REST API in front of a segexport gRPC server.")
public final class GatewayMain implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    @Option(
            names = "--backend",
            required = true,
            paramLabel = "HOST:PORT",
            description = "The gRPC server to forward to, e.g. localhost:50051.")
    private String backend;

    @Option(
            names = "--backend-tls",
            description = "Speak TLS to the backend, trusting the system's CAs (or --backend-ca's).")
    private boolean backendTls;

    @Option(
            names = "--backend-ca",
            paramLabel = "PEM",
            description = "Trust the CA certificates in this PEM file to verify the backend; implies --backend-tls.")
    private Path backendCa;

    @Option(
            names = "--http-port",
            defaultValue = "8080",
            paramLabel = "N",
            description = "The HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    public static void main(String[] args) {
        LoggingDefaults.apply();
        int exit = new CommandLine(new GatewayMain()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() {
        HostAndPort target = HostAndPort.fromString(backend);
        ManagedChannel channel;
        try {
            channel = backendChannel(target, backendTls, backendCa);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("segexport gateway: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMetrics.bindTo(registry);
        var sb = Server.builder().http(httpPort).meterRegistry(registry);
        Gateway.configureServices(sb, channel);
        // A forwarder keeps no state: it is ready while it serves, whatever its backend's health.
        ManagementServices.configure(sb, registry, () -> true);
        Server server = sb.build();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop().join();
                            channel.shutdown();
                            try {
                                channel.awaitTermination(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "segexport-gateway-shutdown"));
        server.start().join();
        System.out.println("segexport gateway: HTTP listening on port " + server.activeLocalPort() + ", forwarding to "
                + target + (backendTls || backendCa != null ? " over TLS" : ""));
        return 0;
    }

    /**
     * The channel to the backend: plaintext, or TLS when {@code tls} is set or a CA file is given
     * (then that file's CAs are trusted instead of the system's).
     *
     * @throws IllegalArgumentException naming {@code --backend-ca} when the CA file cannot be read or
     *                                  holds no PEM certificate
     */
    public static ManagedChannel backendChannel(HostAndPort target, boolean tls, Path caFile) {
        ChannelCredentials credentials;
        if (caFile != null) {
            credentials = trusting(caFile);
        } else if (tls) {
            credentials = TlsChannelCredentials.create();
        } else {
            credentials = InsecureChannelCredentials.create();
        }
        return NettyChannelBuilder.forAddress(target.getHost(), target.getPort(), credentials)
                .build();
    }

    private static ChannelCredentials trusting(Path caFile) {
        try {
            byte[] pem = Files.readAllBytes(caFile);
            if (CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))
                    .isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return TlsChannelCredentials.newBuilder()
                    .trustManager(new ByteArrayInputStream(pem))
                    .build();
        } catch (IOException e) {
            throw new IllegalArgumentException("--backend-ca " + caFile + ": cannot read it: " + e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "--backend-ca " + caFile + ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
    }
}
