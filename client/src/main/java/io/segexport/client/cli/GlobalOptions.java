package io.segexport.client.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options of the top command, inherited by every subcommand (so they may come before or after
 * the subcommand's name). Connection settings fall back to environment variables, then to the demo
 * world's values (see {@link EnvironmentDefaults}).
 */
final class GlobalOptions {
    static final String TARGET_ENV = "SEGEXPORT_TARGET";
    static final String TARGET_DEFAULT = "localhost:50051";
    static final String TOKEN_ENV = "SEGEXPORT_TOKEN";
    static final String TOKEN_DEFAULT = "demo-token";
    static final String API_KEY_ENV = "SEGEXPORT_API_KEY";
    static final String API_KEY_DEFAULT = "segexport-demo";
    static final String ORG_ENV = "SEGEXPORT_ORG";
    static final String ORG_DEFAULT = "1BD6382559DF0C130A49422D@AdobeOrg";
    static final String SANDBOX_ENV = "SEGEXPORT_SANDBOX";
    static final String SANDBOX_DEFAULT = "prod";
    static final String CA_FILE_ENV = "SEGEXPORT_CA_FILE";

    @Option(
            names = {"-h", "--help"},
            scope = ScopeType.INHERIT,
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = "--target",
            scope = ScopeType.INHERIT,
            paramLabel = "HOST:PORT",
            description = "The gRPC server: host:port (plaintext) or tls://host:port. Env " + TARGET_ENV + ", else "
                    + TARGET_DEFAULT + ".")
    String target;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "TOKEN",
            description = "The bearer token. Env " + TOKEN_ENV + ", else " + TOKEN_DEFAULT + " (the demo server's).")
    String token;

    @Option(
            names = "--api-key",
            scope = ScopeType.INHERIT,
            paramLabel = "KEY",
            description = "The API key (x-api-key). Env " + API_KEY_ENV + ", else " + API_KEY_DEFAULT + ".")
    String apiKey;

    @Option(
            names = "--org",
            scope = ScopeType.INHERIT,
            paramLabel = "ORG",
            description = "The IMS org (x-gw-ims-org-id). Env " + ORG_ENV + ", else the demo org " + ORG_DEFAULT + ".")
    String org;

    @Option(
            names = "--sandbox",
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "The sandbox (x-sandbox-name). Env " + SANDBOX_ENV + ", else " + SANDBOX_DEFAULT + ".")
    String sandbox;

    @Option(
            names = "--ca-file",
            scope = ScopeType.INHERIT,
            paramLabel = "PEM",
            description = "Trust the CA certificates in this PEM file (instead of the system's); implies TLS. Env "
                    + CA_FILE_ENV + ".")
    Path caFile;

    @Option(
            names = {"-o", "--output"},
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            defaultValue = "human",
            description =
                    "human (tables, readable times) or json (one JSON document, numbers as numbers). Default: human.")
    OutputFormat output;

    @Option(
            names = "--timeout",
            scope = ScopeType.INHERIT,
            paramLabel = "DURATION",
            defaultValue = "1h",
            converter = DurationConverter.class,
            description =
                    "How long to wait for a job to end (jobs wait, jobs create --wait), e.g. 90s, 30m, 2h. Default: 1h.")
    Duration timeout;
}
