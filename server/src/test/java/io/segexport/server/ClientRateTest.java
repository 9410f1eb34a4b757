package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.segexport.server.limits.Limits;
import io.segexport.v1.ListExportJobsRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-client request rate (client-rate 1 a second, client-burst 3): a client may make its
 * burst at once, then is refused with 429 and Retry-After on REST, RESOURCE_EXHAUSTED with a
 * RetryInfo on gRPC, in one bucket for every endpoint of both faces, and is served again once it
 * has waited as told. Other clients are not affected.
 */
class ClientRateTest {
    private static final int BURST = 3;

    @RegisterExtension
    static final SharedServer server =
            new SharedServer(0, Limits.DEFAULTS.with("client-rate", "1").with("client-burst", Integer.toString(BURST)));

    /** A tenant with an API key of its own: a client whose bucket no other test touches. */
    private static Tenant client() {
        Tenant tenant = Tenant.fresh();
        return new Tenant(tenant.orgId(), tenant.sandbox(), "client-" + UUID.randomUUID(), tenant.token());
    }

    /**
     * Lists jobs until the server refuses; returns the refusal, having checked that the whole burst
     * was served and no more than the tokens the rate could have added meanwhile.
     */
    private static RestClient.Response restUntilRefused(RestClient rest) {
        long start = System.nanoTime();
        int served = 0;
        while (true) {
            RestClient.Response response = rest.get(Exports.JOBS);
            if (response.status() != 200) {
                long elapsedSeconds =
                        Duration.ofNanos(System.nanoTime() - start).toSeconds();
                assertThat(served)
                        .as("requests served before the first refusal")
                        .isBetween(BURST, BURST + (int) elapsedSeconds + 1);
                return response;
            }
            served++;
        }
    }

    @Test
    void overRestAClientOverItsRateGets429WithRetryAfterAndIsServedAgainAfterWaiting() throws InterruptedException {
        RestClient rest = server.rest(client());

        RestClient.Response refused = restUntilRefused(rest);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("content-type")).isEqualTo("application/problem+json");
        assertThat(refused.header("retry-after")).isEqualTo("1");
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:segexport:error:too-many-requests");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText())
                .isEqualTo("this client (x-api-key) is over the client-rate limit "
                        + "of 1 requests a second (client-burst 3); retry after 1 s");
        assertThat(problem.get("requestId").asText()).isEqualTo(refused.header("x-request-id"));

        Thread.sleep(Duration.ofSeconds(Long.parseLong(refused.header("retry-after")))
                .toMillis());

        assertThat(rest.get(Exports.JOBS).status()).isEqualTo(200);
    }

    @Test
    void overGrpcAClientOverItsRateGetsResourceExhaustedWithRetryInfoAndIsServedAgainAfterWaiting() throws Exception {
        Tenant client = client();
        long start = System.nanoTime();
        int served = 0;
        StatusRuntimeException refused = null;
        while (refused == null) {
            try {
                server.grpc().blocking(client).listExportJobs(ListExportJobsRequest.getDefaultInstance());
                served++;
            } catch (StatusRuntimeException e) {
                refused = e;
            }
        }
        assertThat(served)
                .isBetween(
                        BURST,
                        BURST
                                + (int) Duration.ofNanos(System.nanoTime() - start)
                                        .toSeconds()
                                + 1);

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription())
                .startsWith("this client (x-api-key) is over the client-rate limit");
        com.google.rpc.Status details = StatusProto.fromThrowable(refused);
        ErrorInfo info = detail(details, ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("RATE_LIMITED");
        assertThat(info.getMetadataMap()).containsEntry("limit", "client-rate");
        RetryInfo retry = detail(details, RetryInfo.class);
        Duration delay = Duration.ofSeconds(
                retry.getRetryDelay().getSeconds(), retry.getRetryDelay().getNanos());
        assertThat(delay).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));

        Thread.sleep(delay.toMillis() + 1);

        assertThat(server.grpc()
                        .blocking(client)
                        .listExportJobs(ListExportJobsRequest.getDefaultInstance())
                        .getRecordsCount())
                .isZero();
    }

    private static <T extends com.google.protobuf.Message> T detail(com.google.rpc.Status details, Class<T> type)
            throws InvalidProtocolBufferException {
        for (Any any : details.getDetailsList()) {
            if (any.is(type)) {
                return any.unpack(type);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + details);
    }

    /**
     * Empties the client's bucket over gRPC, then makes {@code call}: true when it was refused while
     * the bucket was certainly still empty (it ended before the first token could be back), false
     * when it ended too late to tell. The refusal's RetryInfo gives the delay, counted from before
     * the refused call was sent.
     */
    private static boolean refusedWhileEmpty(Tenant client, java.util.function.BooleanSupplier call) throws Exception {
        long sent;
        StatusRuntimeException refused;
        while (true) {
            sent = System.nanoTime();
            try {
                server.grpc().blocking(client).listExportJobs(ListExportJobsRequest.getDefaultInstance());
            } catch (StatusRuntimeException e) {
                refused = e;
                break;
            }
        }
        RetryInfo retry = detail(StatusProto.fromThrowable(refused), RetryInfo.class);
        long tokenBack = sent
                + Duration.ofSeconds(
                                retry.getRetryDelay().getSeconds(),
                                retry.getRetryDelay().getNanos())
                        .toNanos();
        boolean wasRefused = call.getAsBoolean();
        if (System.nanoTime() < tokenBack) {
            assertThat(wasRefused)
                    .as("a call made while the bucket was empty was refused")
                    .isTrue();
            return true;
        }
        return false;
    }

    /** Asserts that {@code call} is refused while the client's bucket is empty (trying again if the machine was too slow to tell). */
    private static void assertRefusedWhileEmpty(Tenant client, java.util.function.BooleanSupplier call)
            throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (refusedWhileEmpty(client, call)) {
                return;
            }
        }
        throw new AssertionError("the machine was too slow to make a call within a second, five times");
    }

    private static boolean grpcRefused(Runnable call) {
        try {
            call.run();
            return false;
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            return true;
        }
    }

    @Test
    void oneBucketServesEveryEndpointOfBothFaces() throws Exception {
        Tenant client = client();
        RestClient rest = server.rest(client);

        assertRefusedWhileEmpty(client, () -> rest.get(Exports.JOBS).status() == 429);
        // The files path calls the backend itself, through the same channel.
        assertRefusedWhileEmpty(client, () -> {
            RestClient.Response files = rest.get("/data/foundation/export/files/some-file-id");
            return files.status() == 429 && "1".equals(files.header("retry-after"));
        });
        assertRefusedWhileEmpty(
                client, () -> rest.get(Ingest.lookup("email", "a@example.com")).status() == 429);
        assertRefusedWhileEmpty(
                client,
                () -> grpcRefused(() -> server.grpc()
                        .mergePolicies(client)
                        .listMergePolicies(io.segexport.v1.ListMergePoliciesRequest.getDefaultInstance())));
        assertRefusedWhileEmpty(
                client,
                () -> grpcRefused(() -> server.grpc()
                        .catalog(client)
                        .getDataSet(io.segexport.v1.GetDataSetRequest.newBuilder()
                                .setId("abc")
                                .build())));
    }

    @Test
    void anotherClientIsServedWhileOneIsRefused() throws Exception {
        Tenant limited = client();
        RestClient other = server.rest(client());

        assertRefusedWhileEmpty(
                limited,
                () -> other.get(Exports.JOBS).status() == 200
                        && server.rest(limited).get(Exports.JOBS).status() == 429);
    }

    @Test
    void healthIsNotRateLimited() {
        RestClient limited = server.rest(client());
        restUntilRefused(limited);

        assertThat(limited.get("/health").status()).isEqualTo(200);
    }
}
