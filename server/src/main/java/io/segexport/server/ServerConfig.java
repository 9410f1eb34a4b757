package io.segexport.server;

import io.segexport.server.auth.AuthConfig;
import io.segexport.server.auth.AuthConfigException;
import io.segexport.server.batchstore.S3Config;
import io.segexport.server.cluster.ClusterConfig;
import io.segexport.server.limits.Limits;
import io.segexport.server.tls.TlsFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the server.
 *
 * @param dataDir  the RocksDB folder
 * @param grpcPort the gRPC port; 0 picks a free one
 * @param httpPort the REST port; 0 picks a free one
 * @param devToken the development bearer token, which admits any org with any API key; null for
 *                 none (then {@code auth} must be given)
 * @param workers  how many export jobs run at once; 0 accepts jobs without running them (they wait as NEW)
 * @param auth     how signed JWTs are verified and which API keys are registered; null for none (then
 *                 {@code devToken} must be given)
 * @param limits   the limits callers are held to ({@code --limit NAME=VALUE})
 * @param tls      the certificate and key both ports serve TLS with, only TLS; null for plaintext
 * @param demo     seed the documentation's world (see {@link DemoData}) before the ports open; needs {@code devToken}
 * @param clock    what the services, the engine and the authenticator take the time from; tests pass a
 *                 clock they move, so that creation times are ordered without sleeping
 * @param batchStore the S3-compatible bucket that keeps the batches' files; null keeps them in the data folder
 * @param cluster  the cluster this node serves, on Kafka; null serves from the embedded store alone. A
 *                 node of a cluster needs {@code batchStore}, and does not seed the demo
 * @param retention how long ended jobs and batches are kept after their last change; null keeps them
 *                 until they are deleted. Not for a node of a cluster
 */
public record ServerConfig(
        Path dataDir,
        int grpcPort,
        int httpPort,
        String devToken,
        int workers,
        AuthConfig auth,
        Limits limits,
        TlsFiles tls,
        boolean demo,
        Clock clock,
        S3Config batchStore,
        ClusterConfig cluster,
        Duration retention) {
    /** The demo world is seeded as a caller with the development token, which admits its org. */
    public static final String DEMO_NEEDS_DEV_TOKEN =
            "--demo seeds the demo world as a caller with the development token: give --dev-token too";

    /** The nodes of a cluster share their batches through a bucket. */
    public static final String CLUSTER_NEEDS_BATCH_STORE =
            "--cluster keeps the batches where every node reads them: give --batch-store s3://BUCKET/PREFIX too";

    public ServerConfig {
        if (demo && devToken == null) {
            throw new AuthConfigException(DEMO_NEEDS_DEV_TOKEN);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, not " + workers);
        }
        if (devToken != null && devToken.isBlank()) {
            throw new AuthConfigException("the development token (--dev-token) must not be blank");
        }
        if (devToken == null && auth == null) {
            throw new AuthConfigException(AuthConfig.NOTHING_CONFIGURED);
        }
        if (cluster != null && batchStore == null) {
            throw new IllegalArgumentException(CLUSTER_NEEDS_BATCH_STORE);
        }
        if (cluster != null && demo) {
            throw new IllegalArgumentException("--demo seeds an embedded store; a cluster's node does not take it");
        }
        if (cluster != null && retention != null) {
            throw new IllegalArgumentException(
                    "--retention sweeps an embedded store; a cluster's node keeps its jobs in the cluster");
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("--retention must be a positive duration, not " + retention);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * A plaintext server whose only authentication is the development token {@code devToken}, with
     * the default limits.
     */
    public ServerConfig(Path dataDir, int grpcPort, int httpPort, String devToken, int workers) {
        this(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                null,
                Limits.DEFAULTS,
                null,
                false,
                Clock.systemUTC(),
                null,
                null,
                null);
    }

    /** The same configuration on another gRPC port. */
    public ServerConfig withGrpcPort(int grpcPort) {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                demo,
                clock,
                batchStore,
                cluster,
                retention);
    }

    /** The same configuration, verifying signed JWTs as {@code auth} says (the development token, if any, stays). */
    public ServerConfig withAuth(AuthConfig auth) {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                demo,
                clock,
                batchStore,
                cluster,
                retention);
    }

    public ServerConfig withLimits(Limits limits) {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                demo,
                clock,
                batchStore,
                cluster,
                retention);
    }

    /** The same settings, serving TLS with these files (or plaintext, given null). */
    public ServerConfig withTls(TlsFiles tls) {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                demo,
                clock,
                batchStore,
                cluster,
                retention);
    }

    /** The same settings, seeding the demo world before serving. */
    public ServerConfig withDemo() {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                true,
                clock,
                batchStore,
                cluster,
                retention);
    }

    /** The same settings, keeping the batches' files in {@code batchStore} (null: in the data folder). */
    public ServerConfig withBatchStore(S3Config batchStore) {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                demo,
                clock,
                batchStore,
                cluster,
                retention);
    }

    /** The same settings, as a node of {@code cluster} (null: embedded). */
    public ServerConfig withCluster(ClusterConfig cluster) {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                demo,
                clock,
                batchStore,
                cluster,
                retention);
    }

    /** The same settings, taking the time from {@code clock}. */
    public ServerConfig withClock(Clock clock) {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                demo,
                clock,
                batchStore,
                cluster,
                retention);
    }

    /** The same settings, removing ended jobs and batches {@code retention} after their last change (null: never). */
    public ServerConfig withRetention(Duration retention) {
        return new ServerConfig(
                dataDir,
                grpcPort,
                httpPort,
                devToken,
                workers,
                auth,
                limits,
                tls,
                demo,
                clock,
                batchStore,
                cluster,
                retention);
    }
}
