package io.segexport.gateway;

import com.google.common.net.HostAndPort;
import com.linecorp.armeria.server.Server;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the REST gateway alone, in front of a remote segexport gRPC server. */
@Command(name = "segexport-gateway", description = "Serves the export jobs REST API in front of a segexport gRPC server.")
public final class GatewayMain implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--backend", required = true, paramLabel = "HOST:PORT",
            description = "The gRPC server to forward to, e.g. localhost:50051.")
    private String backend;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "N",
            description = "The HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    public static void main(String[] args) {
        int exit = new CommandLine(new GatewayMain()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() {
        HostAndPort target = HostAndPort.fromString(backend);
        ManagedChannel channel = NettyChannelBuilder.forAddress(target.getHost(), target.getPort()).usePlaintext().build();
        var sb = Server.builder().http(httpPort);
        Gateway.configureServices(sb, channel);
        Server server = sb.build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop().join();
            channel.shutdown();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "segexport-gateway-shutdown"));
        server.start().join();
        System.out.println("segexport gateway: HTTP listening on port " + server.activeLocalPort() + ", forwarding to " + target);
        return 0;
    }
}
