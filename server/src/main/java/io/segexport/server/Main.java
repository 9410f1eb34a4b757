package io.segexport.server;

import io.segexport.gateway.LoggingDefaults;
import io.segexport.server.auth.AuthConfig;
import io.segexport.server.auth.AuthConfigException;
import io.segexport.server.batchstore.S3Config;
import io.segexport.server.cluster.ClusterConfig;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.store.DataFolderInUseException;
import io.segexport.server.tls.TlsFiles;
import io.segexport.v1.ExportJob;
import io.segexport.v1.ExportJobStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** Runs the all-in-one server: gRPC and the REST gateway on an embedded RocksDB. */
@Command(
        name = "segexport-server",
        sortOptions = false,
        subcommands = {BackupCommand.class, RestoreCommand.class},
        description = "Serves the export jobs API over gRPC and REST from an embedded RocksDB.")
public final class Main implements Callable<Integer> {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    @Option(
            names = "--data-dir",
            defaultValue = "./segexport-data",
            paramLabel = "DIR",
            description = "The RocksDB folder; created when missing (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(
            names = "--grpc-port",
            defaultValue = "50051",
            paramLabel = "N",
            description = "The gRPC port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int grpcPort;

    @Option(
            names = "--http-port",
            defaultValue = "8080",
            paramLabel = "N",
            description = "The REST port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    @Option(
            names = "--management-port",
            paramLabel = "N",
            description = "Serve /metrics and the health checks (/health/live, /health/ready) on this port, "
                    + "plain HTTP, instead of the HTTP port; it opens before the store. 0 picks a free one "
                    + "(default: on the HTTP port).")
    private Integer managementPort;

    @Option(
            names = "--backup-dir",
            paramLabel = "DIR",
            description = "Let POST /admin/backups on the management port back the store up to a new folder of DIR, "
                    + "while the server runs; needs --management-port (default: refused).")
    private Path backupDir;

    @Option(
            names = "--retention",
            paramLabel = "AGE",
            description = "Remove ended export jobs and ended batches (exported or ingested, with their files) once "
                    + "their last change is older than AGE, an ISO-8601 duration such as P30D or PT12H "
                    + "(default: kept until deleted).")
    private Duration retention;

    @Option(
            names = "--dev-token",
            defaultValue = "${env:SEGEXPORT_DEV_TOKEN}",
            paramLabel = "TOKEN",
            description = "For local development only: a bearer token that admits ANY org with ANY API key "
                    + "(default: $SEGEXPORT_DEV_TOKEN). The server warns at start while it is on.")
    private String devToken;

    @ArgGroup(exclusive = false)
    private JwtOptions jwt;

    @Option(
            names = "--workers",
            defaultValue = "2",
            paramLabel = "N",
            description =
                    "How many export jobs run at once; 0 accepts jobs without running them (default: ${DEFAULT-VALUE}).")
    private int workers;

    @ArgGroup(exclusive = false)
    private TlsOptions tls;

    /** Both files, or neither: then both ports speak plaintext. */
    static final class TlsOptions {
        @Option(
                names = "--tls-cert",
                required = true,
                paramLabel = "PEM",
                description =
                        "Serve gRPC and HTTPS over TLS only, with this certificate (then its chain); needs --tls-key.")
        private Path certificate;

        @Option(
                names = "--tls-key",
                required = true,
                paramLabel = "PEM",
                description = "The certificate's private key: PKCS#8 (-----BEGIN PRIVATE KEY-----), not encrypted.")
        private Path privateKey;
    }

    @Option(
            names = "--demo",
            description = "Seed the documentation's world once: org " + DemoData.ORG + ", sandbox " + DemoData.SANDBOX
                    + ", its datasets, " + DemoData.PROFILES + " profiles and their events, and the documented job.")
    private boolean demo;

    @ArgGroup(exclusive = false)
    private BatchStoreOptions batchStore;

    /** The bucket and where to reach it; without them, batches' files stay in the data folder. */
    static final class BatchStoreOptions {
        @Option(
                names = S3Config.LOCATION_FLAG,
                required = true,
                paramLabel = "s3://BUCKET/PREFIX",
                description = "Keep the batches' files in this bucket of an S3-compatible server, under the prefix, "
                        + "instead of the data folder. Credentials come from AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE).")
        private String location;

        @Option(
                names = S3Config.ENDPOINT_FLAG,
                paramLabel = "URL",
                description = "The S3-compatible server's URL, e.g. http://localhost:9090 (default: AWS itself).")
        private String endpoint;

        @Option(
                names = "--s3-region",
                defaultValue = "us-east-1",
                paramLabel = "REGION",
                description = "The region requests are signed for (default: ${DEFAULT-VALUE}).")
        private String region;

        S3Config config(CommandSpec spec) {
            try {
                return S3Config.parse(location, endpoint, region);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @ArgGroup(exclusive = false)
    private ClusterOptions cluster;

    /** A node of a cluster on Kafka: --cluster with the brokers and the node's id. */
    static final class ClusterOptions {
        @Option(
                names = "--cluster",
                required = true,
                description = "Serve as one node of a cluster on Kafka (Kafka Streams), which shares the profiles, "
                        + "jobs and records with every node of the same cluster name; needs --kafka, --node-id "
                        + "and --batch-store.")
        private boolean cluster;

        @Option(
                names = "--kafka",
                required = true,
                paramLabel = "HOST:PORT[,...]",
                description = "The cluster's Kafka brokers.")
        private String bootstrapServers;

        @Option(
                names = "--node-id",
                required = true,
                paramLabel = "ID",
                description = "This node's name (letters, digits, '.', '_', '-'), in its logs.")
        private String nodeId;

        @Option(
                names = "--cluster-name",
                defaultValue = "segexport",
                paramLabel = "NAME",
                description = "The cluster's name, which its topics start with (default: ${DEFAULT-VALUE}).")
        private String name;

        @Option(
                names = "--partitions",
                defaultValue = "" + ClusterConfig.DEFAULT_PARTITIONS,
                paramLabel = "N",
                description = "The partition count the topics are created with, the same on every node; it bounds "
                        + "how many nodes share the work and cannot change later (default: ${DEFAULT-VALUE}).")
        private int partitions;

        @Option(
                names = "--replication",
                defaultValue = "3",
                paramLabel = "N",
                description = "The topics' replication factor (default: ${DEFAULT-VALUE}).")
        private short replication;

        @Option(
                names = "--advertised-host",
                paramLabel = "HOST",
                description = "The name or address the other nodes reach this node's gRPC port at, for profile "
                        + "lookups (default: this machine's host name).")
        private String advertisedHost;

        ClusterConfig config(CommandSpec spec) {
            try {
                return new ClusterConfig(
                        name,
                        bootstrapServers,
                        nodeId,
                        partitions,
                        replication,
                        advertisedHost == null ? ClusterConfig.localHostName() : advertisedHost);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Option(
            names = "--limit",
            paramLabel = "NAME=VALUE",
            description = "Sets a limit; repeatable (e.g. --limit request-bytes=1048576). The limits and their "
                    + "defaults are listed below and in the Limits table of docs/api.md.")
    private Map<String, String> limitSettings = new LinkedHashMap<>();

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        LoggingDefaults.apply();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line of the server, its help ending with the limits and their defaults; a usage
     * error is one line and a hint, not the whole help.
     */
    static CommandLine commandLine() {
        CommandLine command = new CommandLine(new Main());
        command.getCommandSpec().usageMessage().footer(limitsFooter());
        command.setParameterExceptionHandler(Main::usageError);
        return command;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("segexport: " + e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            err.println("segexport: did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?");
        }
        err.println("segexport: " + command.getCommandName() + " --help lists the options");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String limitsFooter() {
        StringBuilder footer = new StringBuilder("%nLimits (--limit NAME=VALUE) and their defaults:%n");
        for (Limit limit : Limit.values()) {
            footer.append("  ")
                    .append(limit.flagName())
                    .append('=')
                    .append(limit.defaultValue())
                    .append("%n");
        }
        return footer.toString();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Limits limits = limits();
        String token = devToken == null || devToken.isBlank() ? null : devToken;
        if (demo && token == null) {
            throw new ParameterException(spec.commandLine(), ServerConfig.DEMO_NEEDS_DEV_TOKEN);
        }
        if (backupDir != null && managementPort == null) {
            throw new ParameterException(
                    spec.commandLine(), "--backup-dir needs --management-port: backups are asked for there");
        }
        ServerConfig config;
        try {
            config = new ServerConfig(
                    dataDir,
                    grpcPort,
                    httpPort,
                    token,
                    workers,
                    jwt == null ? null : jwt.config(),
                    limits,
                    tls == null ? null : new TlsFiles(tls.certificate, tls.privateKey),
                    demo,
                    Clock.systemUTC(),
                    batchStore == null ? null : batchStore.config(spec),
                    cluster == null ? null : cluster.config(spec),
                    retention);
        } catch (AuthConfigException e) {
            return cannotStart(err, e.getMessage(), 2);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (token != null) {
            warnOfDevToken(err);
        }
        if (config.auth() != null) {
            describe(config.auth(), out, err);
        }
        if (demo) {
            out.println(
                    "segexport: seeding the demo world if it is not there yet, then running its documented export job; "
                            + "the ports open once that is done");
        }
        SegexportServer server;
        try {
            server = SegexportServer.start(
                    config, managementPort == null ? OptionalInt.empty() : OptionalInt.of(managementPort), backupDir);
        } catch (AuthConfigException e) {
            return cannotStart(err, e.getMessage(), 2);
        } catch (PortInUseException e) {
            String flag = switch (e.transport()) {
                case GRPC -> "--grpc-port";
                case HTTP -> "--http-port";
                case MANAGEMENT -> "--management-port";
            };
            return cannotStart(
                    err,
                    "port " + e.port() + " (" + flag + ") is in use by another process; stop it or choose "
                            + "another port with " + flag + " (0 picks a free one)",
                    1);
        } catch (DataFolderInUseException e) {
            return cannotStart(
                    err,
                    "another segexport process holds "
                            + dataDir.toAbsolutePath().normalize()
                            + "; stop it or choose another folder with --data-dir",
                    1);
        } catch (Exception e) {
            return cannotStart(err, rootMessage(e), 1);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                                out.println("segexport: stopped");
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "segexport-shutdown"));
        if (config.cluster() != null) {
            out.println("segexport: node " + config.cluster().nodeId() + " of cluster "
                    + config.cluster().name() + " on Kafka at "
                    + config.cluster().bootstrapServers());
        }
        out.println("segexport: data in " + dataDir.toAbsolutePath().normalize()
                + (config.batchStore() == null
                        ? ""
                        : "; batches in " + config.batchStore().location() + " at "
                                + config.batchStore().server()));
        out.println("segexport: gRPC listening on port " + server.grpcPort() + (tls == null ? "" : " (TLS)"));
        out.println("segexport: " + (tls == null ? "HTTP" : "HTTPS") + " listening on port " + server.httpPort());
        server.managementPort()
                .ifPresent(
                        port -> out.println("segexport: metrics and health checks (HTTP) listening on port " + port));
        out.println("segexport: ready" + (demo ? ": " + demoLine(server.demoJob()) : ""));
        stopped.await();
        return 0;
    }

    private static int cannotStart(PrintWriter err, String why, int exitCode) {
        err.println("segexport: could not start: " + why);
        return exitCode;
    }

    /** The demo's tenant and what became of its documented job. */
    private static String demoLine(Optional<ExportJob> job) {
        String tenant = "demo org " + DemoData.ORG + ", sandbox " + DemoData.SANDBOX + ", api key " + DemoData.API_KEY;
        return tenant
                + job.map(j -> "; the documented export job " + j.getId() + " is " + j.getStatus()
                                + (j.getStatus() == ExportJobStatus.SUCCEEDED
                                        ? " (" + j.getMetrics().getTotalExportedProfileCounter() + " profiles exported)"
                                        : ""))
                        .orElse(" (seeded at an earlier start)");
    }

    private static void warnOfDevToken(PrintWriter err) {
        String line = "segexport: WARNING: ";
        err.println(line + "the development token is ON (--dev-token or SEGEXPORT_DEV_TOKEN): anyone who sends it as");
        err.println(
                line + "\"Authorization: Bearer ...\" may act for ANY org, with ANY x-api-key. Use it only for local");
        err.println(line + "development and tests; configure signed JWTs (--auth-config) for anything else.");
    }

    private static void describe(AuthConfig auth, PrintWriter out, PrintWriter err) {
        List<String> keys = new ArrayList<>();
        if (auth.jwksFile() != null) {
            keys.add("RS256/ES256 keys of " + auth.jwksFile());
        }
        if (auth.jwksUrl() != null) {
            keys.add("RS256/ES256 keys of " + auth.jwksUrl());
        }
        if (auth.acceptsHs256()) {
            keys.add("HS256 with the shared secret");
        }
        out.println("segexport: verifying JWTs of issuer " + auth.issuer() + " for audience " + auth.audience()
                + " with " + String.join(", ", keys) + "; " + auth.apiKeys().size() + " registered API key(s)");
        if (auth.jwksUrl() != null
                && auth.jwksUrl().getScheme().equalsIgnoreCase("http")
                && !isLoopback(auth.jwksUrl().getHost())) {
            err.println(
                    "segexport: WARNING: --jwks-url is plain http to another host: anyone on the way can swap the keys; use https");
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    /** The limits the --limit options set; a usage error naming an unknown limit or a bad value. */
    private Limits limits() {
        try {
            return Limits.parse(limitSettings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--limit: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
