package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A run of the hostile-input suite, shared by {@link HostileRestInputTest} and {@link HostileGrpcInputTest}
 * (two classes, so that surefire can run the halves in two JVMs at once): an extension that starts one
 * real server and seeds it (see {@link HostileCases}) before the class's cases, and runs each case. For
 * every case: the answer is a 4xx (over gRPC, a client-error code) in the documented error shape and never
 * a 5xx; afterwards the server still answers its health checks and a normal request; and the whole store
 * (every key and value of every column family, and every file beside it) is byte-equal to the dump taken
 * before the first case. The totals are printed at the end and written to
 * {@code target/hostile-<name>-summary.txt}.
 */
final class HostileRun implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final Tally tally = new Tally();

    private Path dataDir;
    private TestServer server;
    /** The health checks' own connection, apart from the one the cases use ({@code world.grpc()}). */
    private GrpcClient grpc;

    private HostileCases.World world;
    private StoreDump baseline;

    /** A run named {@code name} in its summary and its file. */
    HostileRun(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("segexport-hostile");
        Tenant owner = Tenant.fresh();
        HostileCases.seedBatch(dataDir, owner);
        server = TestServer.start(dataDir);
        grpc = new GrpcClient(server.grpcPort());
        world = HostileCases.seed(server, owner);
        baseline = server.storeDump();
        assertThat(baseline.keyCount()).as("keys seeded into the store").isGreaterThan(10);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        String summary = tally.summary(name);
        System.out.println(summary);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("hostile-" + name + "-summary.txt"), summary);
        }
        if (grpc != null) {
            grpc.close();
        }
        if (world != null) {
            world.grpc().close();
        }
        if (server != null) {
            server.close();
        }
        if (dataDir != null) {
            TempFolders.delete(dataDir);
        }
    }

    /** The world seeded before the class's cases. */
    HostileCases.World world() {
        return world;
    }

    /** The cases as dynamic tests, one container per family. */
    Stream<DynamicNode> groups(List<HostileCases.Case> cases) {
        Map<String, List<HostileCases.Case>> byFamily = new TreeMap<>();
        cases.forEach(c ->
                byFamily.computeIfAbsent(c.family(), f -> new ArrayList<>()).add(c));
        return byFamily.entrySet().stream()
                .map(family -> DynamicContainer.dynamicContainer(
                        family.getKey(),
                        family.getValue().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)))));
    }

    private void run(HostileCases.Case hostile) throws IOException {
        long start = System.nanoTime();
        HostileCases.Outcome outcome = hostile.send().get();
        long sent = System.nanoTime();
        tally.count(hostile, outcome);
        List<String> problems = new ArrayList<>(outcome.problems());
        problems.addAll(healthProblems());
        long checked = System.nanoTime();
        List<String> changes = server.storeDump().differencesFrom(baseline, 20);
        tally.time(sent - start, checked - sent, System.nanoTime() - checked);
        if (!changes.isEmpty()) {
            problems.add("the store changed: " + String.join("; ", changes));
            tally.storeChanged.incrementAndGet();
            // Judged once: the cases after this one are compared with the store as this one left it.
            baseline = server.storeDump();
        }
        if (!problems.isEmpty()) {
            tally.failed.add(hostile.family() + " / " + hostile.name() + ": " + String.join(" | ", problems));
        }
        assertThat(problems)
                .as("%s / %s answered %s", hostile.family(), hostile.name(), outcome)
                .isEmpty();
    }

    /** The REST health endpoint, the gRPC health service and a normal request, after each case. */
    private List<String> healthProblems() {
        List<String> problems = new ArrayList<>();
        RestClient.Response health = server.rest(world.owner()).get("/health");
        if (health.status() != 200) {
            problems.add("GET /health answered " + health);
        }
        try {
            HealthCheckResponse.ServingStatus status = HealthGrpc.newBlockingStub(grpc.channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus();
            if (status != HealthCheckResponse.ServingStatus.SERVING) {
                problems.add("gRPC health is " + status);
            }
        } catch (RuntimeException e) {
            problems.add("gRPC health check failed: " + e);
        }
        RestClient.Response normal = server.rest(world.owner()).get("/data/core/ups/export/jobs?limit=1");
        if (normal.status() != 200) {
            problems.add("a normal list of the owner's jobs answered " + normal);
        }
        return problems;
    }

    /** The counts of the run, by outcome and by family. */
    private static final class Tally {
        final AtomicInteger cases = new AtomicInteger();
        final AtomicInteger clientErrors = new AtomicInteger();
        final AtomicInteger serverErrors = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();
        final AtomicInteger storeChanged = new AtomicInteger();
        final Map<String, int[]> families = new TreeMap<>();
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final Map<String, Integer> grpcCodes = new TreeMap<>();
        final List<String> failed = new ArrayList<>();
        final long[] nanos = new long[3];

        synchronized void time(long sending, long health, long dump) {
            nanos[0] += sending;
            nanos[1] += health;
            nanos[2] += dump;
        }

        synchronized void count(HostileCases.Case hostile, HostileCases.Outcome outcome) {
            cases.incrementAndGet();
            int[] family = families.computeIfAbsent(hostile.family(), f -> new int[3]);
            family[0]++;
            if (outcome.clientError()) {
                clientErrors.incrementAndGet();
                family[1]++;
            } else if (outcome.serverError()) {
                serverErrors.incrementAndGet();
                family[2]++;
            } else {
                other.incrementAndGet();
            }
            if (outcome.httpStatus() != 0) {
                statuses.merge(outcome.httpStatus(), 1, Integer::sum);
            } else {
                grpcCodes.merge(outcome.grpcCode(), 1, Integer::sum);
            }
        }

        synchronized String summary(String run) {
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    Locale.ROOT,
                    "hostile input (%s): %d cases, %d answered 4xx, %d answered 5xx, %d other; "
                            + "store changed after %d%n",
                    run,
                    cases.get(),
                    clientErrors.get(),
                    serverErrors.get(),
                    other.get(),
                    storeChanged.get()));
            out.append(String.format(
                    Locale.ROOT,
                    "  time: %d s sending cases, %d s checking health, %d s dumping the store%n",
                    nanos[0] / 1_000_000_000L,
                    nanos[1] / 1_000_000_000L,
                    nanos[2] / 1_000_000_000L));
            out.append("  HTTP statuses: ").append(statuses).append('\n');
            out.append("  gRPC codes: ").append(grpcCodes).append('\n');
            families.forEach((name, counts) -> out.append(String.format(
                    Locale.ROOT, "  %-48s %4d cases, %4d 4xx, %d 5xx%n", name, counts[0], counts[1], counts[2])));
            failed.forEach(line -> out.append("  FAILED ").append(line).append('\n'));
            return out.toString();
        }
    }
}
