package io.segexport.server;

import io.segexport.server.auth.DevTokenAuthenticator;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the all-in-one server: gRPC and the REST gateway on an embedded RocksDB. */
@Command(name = "segexport-server", sortOptions = false,
        description = "Serves the export jobs API over gRPC and REST from an embedded RocksDB.")
public final class Main implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--data-dir", defaultValue = "./segexport-data", paramLabel = "DIR",
            description = "The RocksDB folder; created when missing (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--grpc-port", defaultValue = "50051", paramLabel = "N",
            description = "The gRPC port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int grpcPort;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "N",
            description = "The REST port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    @Option(names = "--dev-token", defaultValue = "${env:SEGEXPORT_DEV_TOKEN}", paramLabel = "TOKEN",
            description = "The bearer token callers must send (default: $SEGEXPORT_DEV_TOKEN, else a random one, printed).")
    private String devToken;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "How many export jobs run at once; 0 accepts jobs without running them (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--demo", description = "Seed the documentation's world once: org " + DemoData.ORG + ", sandbox "
            + DemoData.SANDBOX + ", its datasets, " + DemoData.PROFILES + " profiles and their events, and the documented job.")
    private boolean demo;

    @Option(names = "--limit", paramLabel = "NAME=VALUE",
            description = "Sets a limit; repeatable (e.g. --limit request-bytes=1048576). The limits and their "
                    + "defaults are listed below and in the README's Limits table.")
    private Map<String, String> limitSettings = new LinkedHashMap<>();

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of the server, its help ending with the limits and their defaults. */
    static CommandLine commandLine() {
        CommandLine command = new CommandLine(new Main());
        command.getCommandSpec().usageMessage().footer(limitsFooter());
        return command;
    }

    private static String limitsFooter() {
        StringBuilder footer = new StringBuilder("%nLimits (--limit NAME=VALUE) and their defaults:%n");
        for (Limit limit : Limit.values()) {
            footer.append("  ").append(limit.flagName()).append('=').append(limit.defaultValue()).append("%n");
        }
        return footer.toString();
    }

    @Override
    public Integer call() throws Exception {
        Limits limits = limits();
        String token = devToken == null || devToken.isBlank() ? DevTokenAuthenticator.randomToken() : devToken;
        SegexportServer server;
        try {
            server = SegexportServer.start(new ServerConfig(dataDir, grpcPort, httpPort, token, workers).withLimits(limits));
        } catch (Exception e) {
            System.err.println("segexport: could not start: " + rootMessage(e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                System.out.println("segexport: stopped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "segexport-shutdown"));
        System.out.println("segexport: data in " + dataDir.toAbsolutePath().normalize());
        System.out.println("segexport: gRPC listening on port " + server.grpcPort());
        System.out.println("segexport: HTTP listening on port " + server.httpPort());
        if (!token.equals(devToken)) {
            System.out.println("segexport: development token: " + token);
        }
        if (demo) {
            seedDemo(server, token);
        }
        stopped.await();
        return 0;
    }

    /** The limits the --limit options set; a usage error naming an unknown limit or a bad value. */
    private Limits limits() {
        try {
            return Limits.parse(limitSettings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--limit: " + e.getMessage());
        }
    }

    private static void seedDemo(SegexportServer server, String token) throws InterruptedException {
        long job = server.seedDemo(token);
        System.out.println("segexport: demo org " + DemoData.ORG + ", sandbox " + DemoData.SANDBOX + ", api key "
                + DemoData.API_KEY + (job > 0 ? " (seeded; the documented export job is " + job + ")" : ""));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
